namespace R1Omni.Media;

/// <summary>What <see cref="AudioDecoder"/> does when a file has no usable audio.</summary>
public enum AudioPolicy
{
    /// <summary>The reference's behaviour (<c>process_audio</c> in <c>humanomni/mm_utils.py</c> falls back on any
    /// error): 10 s of silence, reported through <see cref="DecodedAudio.SubstitutionReason"/>.</summary>
    SubstituteSilence,

    /// <summary>Raise an error naming the file.</summary>
    ErrorWhenMissing,
}
