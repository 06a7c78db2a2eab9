namespace R1Omni.Media;

/// <summary>A waveform for the audio tower, and whether it is the file's own audio.</summary>
/// <param name="Samples">Mono float32 samples at <paramref name="SampleRate"/>.</param>
/// <param name="SubstitutionReason">Why silence stands in for the file's audio; null when the samples are the file's.</param>
public sealed record DecodedAudio(float[] Samples, int SampleRate, string? SubstitutionReason)
{
    /// <summary>True when the samples are the reference's stand-in silence, not the file's audio: callers
    /// should warn and count these.</summary>
    public bool Substituted => SubstitutionReason is not null;

    public double Seconds => (double)Samples.Length / SampleRate;
}
