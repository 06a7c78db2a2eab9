using System.Diagnostics;

namespace R1Omni.Media;

/// <summary>
/// Turns a video file into the model's inputs: uniformly sampled frames pre-processed to <c>pixel_values</c>, and the
/// audio track's Whisper <c>input_features</c> (<c>process_video</c> and <c>process_audio</c> of
/// <c>humanomni/mm_utils.py</c>, then transformers' <c>WhisperFeatureExtractor</c>). The framing is chosen per call
/// because the reference uses <see cref="ImageFraming.Squash"/> for inference and evaluation but
/// <see cref="ImageFraming.PadToSquare"/> for SFT and GRPO (<c>process_video</c>'s <c>aspect_ratio</c> argument).
/// </summary>
public sealed class VideoClipLoader
{
    /// <param name="featureExtractor">Whisper features; its <c>featureSize</c> is n_mels (128 for whisper-large-v3,
    /// 80 for earlier Whisper models). Defaults to whisper-large-v3's settings.</param>
    /// <param name="numFrames">Frames sampled per video (<c>config.num_frames</c>, 8 for HumanOmni).</param>
    /// <param name="cache">Decoded media shared across loaders (null: every call runs ffmpeg).</param>
    public VideoClipLoader(ImagePreprocessor? imageProcessor = null, WhisperFeatureExtractor? featureExtractor = null,
                           int numFrames = 8, AudioPolicy audioPolicy = AudioPolicy.SubstituteSilence, FFmpegTools? tools = null,
                           DecodedMediaCache? cache = null)
    {
        if (numFrames < 1) throw new R1OmniException($"numFrames must be at least 1, got {numFrames}");
        ImageProcessor = imageProcessor ?? new ImagePreprocessor();
        FeatureExtractor = featureExtractor ?? new WhisperFeatureExtractor();
        NumFrames = numFrames;
        AudioPolicy = audioPolicy;
        Tools = tools;
        Cache = cache;
    }

    public ImagePreprocessor ImageProcessor { get; }
    public WhisperFeatureExtractor FeatureExtractor { get; }
    public int NumFrames { get; }
    public AudioPolicy AudioPolicy { get; }

    /// <summary>The ffmpeg tools to use; null means <see cref="FFmpegTools.Default"/>.</summary>
    public FFmpegTools? Tools { get; }

    /// <summary>Where decoded media are kept across calls and loaders; null when every call decodes.</summary>
    public DecodedMediaCache? Cache { get; }

    public VideoClip Load(string path, ImageFraming framing)
    {
        var total = Stopwatch.StartNew();
        var (decoded, cached) = Cache is null ? (Decode(path), false) : Cache.GetOrDecode(path, NumFrames, AudioPolicy, () => Decode(path));
        var (pixelValues, pixelSeconds) = Timed(() => ImageProcessor.PreprocessBatch(decoded.Frames, framing));
        try
        {
            var (inputFeatures, melSeconds) = Timed(() => FeatureExtractor.Compute(decoded.Audio.Samples));
            var timings = cached
                ? new VideoClipTimings(0, 0, 0, pixelSeconds, melSeconds, total.Elapsed.TotalSeconds, FromCache: true)
                : new VideoClipTimings(decoded.ProbeSeconds, decoded.VideoDecodeSeconds, decoded.AudioDecodeSeconds, pixelSeconds, melSeconds,
                                       total.Elapsed.TotalSeconds);
            return new VideoClip(decoded.Media, decoded.FrameIndices, decoded.Frames, pixelValues, decoded.Audio, inputFeatures, timings);
        }
        catch
        {
            pixelValues.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Decodes into <see cref="Cache"/> the files it does not hold yet, <paramref name="parallelism"/> at a time, so later
    /// loads one by one find them there. A file that fails is left out (its load reports the error where it is read);
    /// returns how many failed.
    /// </summary>
    public int Prefetch(IReadOnlyList<string> paths, int parallelism)
    {
        var cache = Cache ?? throw new R1OmniException("prefetch: this loader has no decoded media cache to fill");
        if (parallelism < 1) throw new R1OmniException($"prefetch: parallelism must be at least 1, got {parallelism}");
        int failed = 0;
        Parallel.ForEach(paths, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, path =>
        {
            try { cache.GetOrDecode(path, NumFrames, AudioPolicy, () => Decode(path)); }
            catch (Exception e) when (e is R1OmniException or IOException) { Interlocked.Increment(ref failed); }
        });
        return failed;
    }

    /// <summary>The file probed, its frames sampled and decoded, its audio decoded (ffmpeg, no preprocessing).</summary>
    public DecodedMedia Decode(string path)
    {
        var (media, probeSeconds) = Timed(() => MediaProbe.Probe(path, Tools));
        int[] indices = FrameSampler.UniformIndices(VideoDecoder.RequireFrames(media), NumFrames);

        // Two independent ffmpeg processes: decoding the audio while the video decodes hides its cost.
        Task<(DecodedAudio Audio, double Seconds)> audioTask = Task.Run(() => Timed(() => AudioDecoder.Decode16kMono(media, AudioPolicy, Tools)));
        (IReadOnlyList<RgbImage> frames, double videoSeconds) = Timed(() => VideoDecoder.DecodeFrames(media, indices, Tools));
        (DecodedAudio audio, double audioSeconds) = audioTask.GetAwaiter().GetResult();
        return new DecodedMedia(media, indices, frames, audio, probeSeconds, videoSeconds, audioSeconds);
    }

    static (T Result, double Seconds) Timed<T>(Func<T> work)
    {
        long start = Stopwatch.GetTimestamp();
        T result = work();
        return (result, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }
}
