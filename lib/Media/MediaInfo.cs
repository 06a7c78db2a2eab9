namespace R1Omni.Media;

/// <summary>What <see cref="MediaProbe"/> found in a media file.</summary>
/// <param name="FormatName">The demuxer's name(s), e.g. <c>mov,mp4,m4a,3gp,3g2,mj2</c>.</param>
/// <param name="Duration">The container's duration in seconds, when it states one.</param>
public sealed record MediaInfo(string Path, string FormatName, double? Duration, VideoStreamInfo? Video, AudioStreamInfo? Audio)
{
    public bool HasVideo => Video is not null;
    public bool HasAudio => Audio is not null;
}
