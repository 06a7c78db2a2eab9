namespace R1Omni.Media;

/// <summary>
/// What ffmpeg gives for one video file, before any preprocessing: the probe, the uniformly sampled frames at native
/// resolution and the 16 kHz mono waveform (or the stand-in silence), with the seconds each step took.
/// </summary>
public sealed record DecodedMedia(MediaInfo Media, int[] FrameIndices, IReadOnlyList<RgbImage> Frames, DecodedAudio Audio,
                                  double ProbeSeconds, double VideoDecodeSeconds, double AudioDecodeSeconds)
{
    /// <summary>The bytes its frames and samples hold.</summary>
    public long Bytes => Frames.Sum(f => (long)f.Pixels.Length) + Audio.Samples.LongLength * sizeof(float);
}
