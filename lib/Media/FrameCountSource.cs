namespace R1Omni.Media;

/// <summary>Where a video's frame count came from.</summary>
public enum FrameCountSource
{
    /// <summary>The stream header's frame count (<c>nb_frames</c>; e.g. the sample count of an mp4 track).</summary>
    ContainerHeader,

    /// <summary>Packets counted by demuxing the whole stream, for containers without a frame count (mkv, webm,
    /// raw streams). decord's <c>len</c> is the number of packets it indexes at open, which is this count, and
    /// equals the header's count for an intact file.</summary>
    PacketCount,
}
