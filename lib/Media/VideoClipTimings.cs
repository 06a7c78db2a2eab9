namespace R1Omni.Media;

/// <summary>Where <see cref="VideoClipLoader.Load"/> spent its time, in seconds. Video and audio decode run
/// concurrently, so <see cref="TotalSeconds"/> is less than the sum.</summary>
public sealed record VideoClipTimings(double ProbeSeconds, double VideoDecodeSeconds, double AudioDecodeSeconds,
                                      double PixelSeconds, double MelSeconds, double TotalSeconds);
