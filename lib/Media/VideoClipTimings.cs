namespace R1Omni.Media;

/// <summary>Where <see cref="VideoClipLoader.Load"/> spent its time, in seconds. Video and audio decode run
/// concurrently, so <see cref="TotalSeconds"/> is less than the sum.</summary>
/// <param name="FromCache">The decoded media came from a <see cref="DecodedMediaCache"/>: no ffmpeg ran, its three times are 0.</param>
public sealed record VideoClipTimings(double ProbeSeconds, double VideoDecodeSeconds, double AudioDecodeSeconds,
                                      double PixelSeconds, double MelSeconds, double TotalSeconds, bool FromCache = false);
