namespace R1Omni.Media;

/// <summary>
/// HumanOmni's audio extraction (<c>process_audio</c> in <c>humanomni/mm_utils.py</c>): the file's first audio stream
/// decoded to 16 kHz mono float32 by ffmpeg, resampled and downmixed by libswresample with default settings as decord's
/// <c>AudioReader</c> does (stereo becomes (L+R)/2); NaNs become −1.5.
/// </summary>
public static class AudioDecoder
{
    public const int SampleRate = 16000;

    /// <summary>The reference's stand-in when a file's audio cannot be read: 10 s of zeros.</summary>
    public const int SubstituteSamples = 10 * SampleRate;

    const float NaNReplacement = -1.5f;

    public static DecodedAudio Decode16kMono(string path, AudioPolicy policy = AudioPolicy.SubstituteSilence, FFmpegTools? tools = null) =>
        Decode16kMono(MediaProbe.Probe(path, tools), policy, tools);

    /// <summary>
    /// Decodes <paramref name="media"/>'s audio. A file without an audio stream, or whose audio fails to decode or
    /// holds no samples, gives the reference's 10 s of silence with the reason recorded
    /// (<see cref="AudioPolicy.SubstituteSilence"/>) or an error (<see cref="AudioPolicy.ErrorWhenMissing"/>).
    /// Audio that ends well before the duration its stream states is an error either way (a truncated file).
    /// </summary>
    public static DecodedAudio Decode16kMono(MediaInfo media, AudioPolicy policy = AudioPolicy.SubstituteSilence, FFmpegTools? tools = null)
    {
        if (media.Audio is not { } audio) return Missing(media, "it has no audio stream", policy);
        tools ??= FFmpegTools.Default;
        string[] arguments =
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-i", media.Path,
            "-map", $"0:{audio.Index}", "-ac", "1", "-ar", SampleRate.ToString(), "-f", "f32le", "pipe:1",
        ];
        MemoryStream bytes;
        try
        {
            (bytes, _) = tools.Run(tools.FFmpeg, arguments, stdout =>
            {
                var buffer = new MemoryStream();
                stdout.CopyTo(buffer);
                return buffer;
            }, media.Path, "decoding audio");
        }
        catch (R1OmniException e) when (policy == AudioPolicy.SubstituteSilence)
        {
            return Missing(media, $"its audio failed to decode ({e.Message})", policy);
        }

        if (bytes.Length % sizeof(float) != 0)
            throw new R1OmniException($"{media.Path}: decoded audio is {bytes.Length} bytes, not a whole number of float32 samples");
        var samples = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes.GetBuffer(), 0, samples, 0, (int)bytes.Length);
        if (samples.Length == 0) return Missing(media, "its audio stream decoded to no samples", policy);
        CheckComplete(media.Path, audio, samples.Length);

        for (int i = 0; i < samples.Length; i++)
            if (float.IsNaN(samples[i])) samples[i] = NaNReplacement;
        return new DecodedAudio(samples, SampleRate, null);
    }

    static DecodedAudio Missing(MediaInfo media, string reason, AudioPolicy policy) => policy switch
    {
        AudioPolicy.ErrorWhenMissing => throw new R1OmniException(
            $"{media.Path}: no usable audio: {reason} (expected an audio stream; AudioPolicy.SubstituteSilence would use 10 s of silence)"),
        _ => new DecodedAudio(new float[SubstituteSamples], SampleRate, $"{media.Path}: {reason}; using 10 s of silence as the reference does"),
    };

    /// <summary>Decoders stop silently at a cut; the stream's stated duration reveals it. The slack covers codec
    /// priming and the last partial frame.</summary>
    static void CheckComplete(string path, AudioStreamInfo audio, int sampleCount)
    {
        if (audio.Duration is not double stated || stated <= 0) return;
        double decoded = (double)sampleCount / SampleRate;
        if (decoded < stated - Math.Max(0.2, 0.05 * stated))
            throw new R1OmniException($"{path}: the audio stream states {stated:0.###} s but only {decoded:0.###} s decoded: " +
                                      "the file is truncated or corrupt");
    }
}
