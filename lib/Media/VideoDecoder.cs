using System.Globalization;

namespace R1Omni.Media;

/// <summary>
/// Decodes chosen frames of a video as RGB24 at native resolution through ffmpeg (what <c>process_video</c> in
/// <c>humanomni/mm_utils.py</c> gets from decord's <c>get_batch</c>). Frame i is the i-th decoded frame in presentation
/// order. ffmpeg decodes the whole stream (inter-coded frames need their references) but converts and sends only the
/// selected frames.
/// </summary>
public static class VideoDecoder
{
    /// <summary>HumanOmni's uniform sampling: <see cref="FrameSampler.UniformIndices"/> over the probed frame count.</summary>
    public static IReadOnlyList<RgbImage> SampleFrames(string path, int numFrames = 8, FFmpegTools? tools = null)
    {
        MediaInfo media = MediaProbe.Probe(path, tools);
        return DecodeFrames(media, FrameSampler.UniformIndices(RequireFrames(media), numFrames), tools);
    }

    /// <summary>The video's frame count, or an error naming the file when it has no video or no frames.</summary>
    public static int RequireFrames(MediaInfo media)
    {
        VideoStreamInfo video = media.Video ?? throw new R1OmniException(
            $"{media.Path}: no video stream (found {(media.HasAudio ? "audio only" : "no audio or video stream")}); expected a video file");
        if (video.FrameCount < 1)
            throw new R1OmniException($"{media.Path}: the video stream has no frames");
        if (video.Width < 1 || video.Height < 1)
            throw new R1OmniException($"{media.Path}: the video stream's frame size is unknown ({video.Codec}); is the codec supported?");
        return video.FrameCount;
    }

    /// <summary>
    /// The frames at <paramref name="indices"/> (each in [0, FrameCount); repeats give the same image instance).
    /// The file must decode to at least the frame count its container reports: decord raises in that case, and a
    /// truncated or corrupt file must not pass for a shorter clip. The last frame is therefore always decoded as
    /// a witness, and fewer frames than requested, or a partial frame, is an error.
    /// </summary>
    public static IReadOnlyList<RgbImage> DecodeFrames(MediaInfo media, IReadOnlyList<int> indices, FFmpegTools? tools = null)
    {
        int frameCount = RequireFrames(media);
        VideoStreamInfo video = media.Video!;
        if (indices.Count == 0) throw new R1OmniException("frame indices: expected at least one index");
        foreach (int index in indices)
            if (index < 0 || index >= frameCount)
                throw new R1OmniException($"{media.Path}: frame index {index} is outside the video's {frameCount} frames");

        int last = frameCount - 1;
        int[] wanted = indices.Append(last).Distinct().Order().ToArray();
        tools ??= FFmpegTools.Default;
        string width = video.Width.ToString(CultureInfo.InvariantCulture), height = video.Height.ToString(CultureInfo.InvariantCulture);
        // select keeps the wanted frame numbers; scale pins the size the way decord's filter graph does (a
        // mid-stream size change is resized, never a wrong byte count); passthrough stops ffmpeg duplicating frames.
        string filter = $"select='{string.Join('+', wanted.Select(i => $"eq(n,{i})"))}',scale={width}:{height},format=rgb24";
        string[] arguments =
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-i", media.Path,
            "-map", $"0:{video.Index}", "-vf", filter, "-vsync", "passthrough",
            "-f", "rawvideo", "pipe:1",
        ];
        int frameBytes = checked(video.Width * video.Height * 3);
        var ((frames, partial), log) = tools.Run(tools.FFmpeg, arguments, stdout => ReadFrames(stdout, frameBytes),
                                                 media.Path, "decoding video frames");

        string? problem =
            frames.Count < wanted.Length
                ? $"decoding stopped before frame {wanted[frames.Count]} (only {frames.Count} of the {wanted.Length} frames " +
                  $"selected, {string.Join(", ", wanted)}, came out)"
            : frames.Count > wanted.Length ? $"ffmpeg returned {frames.Count} frames where {wanted.Length} were selected"
            : partial > 0 ? $"the output ended with a partial frame of {partial} bytes"
            : null;
        if (problem is not null)
        {
            string ffmpegSaid = string.IsNullOrWhiteSpace(log) ? "" : $"; ffmpeg: {FFmpegTools.LastLines(log)}";
            string counted = video.FrameCountSource == FrameCountSource.ContainerHeader ? "the container reports" : "demuxing counted";
            throw new R1OmniException($"{media.Path}: {counted} {frameCount} video frames of {video.Width}×{video.Height}, " +
                                      $"but {problem}: the file is truncated or corrupt{ffmpegSaid}");
        }

        var byIndex = new Dictionary<int, RgbImage>();
        for (int k = 0; k < wanted.Length; k++) byIndex[wanted[k]] = new RgbImage(frames[k], video.Height, video.Width);
        return indices.Select(i => byIndex[i]).ToArray();
    }

    /// <summary>Whole frames until EOF, and the size of a trailing partial frame (0 when none).</summary>
    static (List<byte[]> Frames, int Partial) ReadFrames(Stream stdout, int frameBytes)
    {
        var frames = new List<byte[]>();
        while (true)
        {
            var frame = new byte[frameBytes];
            int read = stdout.ReadAtLeast(frame, frameBytes, throwOnEndOfStream: false);
            if (read < frameBytes) return (frames, read);
            frames.Add(frame);
        }
    }
}
