namespace R1Omni.Media;

/// <summary>The audio stream that decoding uses (the container's first).</summary>
/// <param name="Index">The stream's index in the container (ffmpeg's <c>-map 0:Index</c>).</param>
/// <param name="Duration">Stream duration in seconds, when the container states one.</param>
public sealed record AudioStreamInfo(int Index, string Codec, int SampleRate, int Channels, double? Duration);
