namespace R1Omni.Media;

/// <summary>What <see cref="AudioDecoder"/> does when a file has no usable audio.</summary>
public enum AudioPolicy
{
    /// <summary>The reference's behaviour (spec §3.3): 10 s of silence, reported through
    /// <see cref="DecodedAudio.SubstitutionReason"/>.</summary>
    SubstituteSilence,

    /// <summary>Raise an error naming the file.</summary>
    ErrorWhenMissing,
}
