namespace R1Omni.Media;

/// <summary>The video stream that decoding uses (the first one that is not a cover picture).</summary>
/// <param name="Index">The stream's index in the container (ffmpeg's <c>-map 0:Index</c>).</param>
/// <param name="Width">Width of the decoded frames: the coded width, swapped with the height when the stream
/// carries a 90° or 270° display rotation (ffmpeg and decord both apply it).</param>
/// <param name="Rotation">Display rotation in degrees from the stream's display matrix (0 when none).</param>
/// <param name="Fps">Average frame rate (<c>avg_frame_rate</c>, as decord's <c>get_avg_fps</c>); 0 when unknown.</param>
/// <param name="FrameCount">Number of frames: the container's count, else the demuxed packet count.</param>
/// <param name="Duration">Stream duration in seconds, when the container states one.</param>
public sealed record VideoStreamInfo(int Index, string Codec, int Width, int Height, double Rotation, double Fps,
                                     int FrameCount, FrameCountSource FrameCountSource, double? Duration);
