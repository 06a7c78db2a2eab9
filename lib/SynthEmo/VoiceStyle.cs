namespace R1Omni.SynthEmo;

/// <summary>
/// Voice timbre, independently of emotion: formant positions and widths and the spectral tilt offset. The test_ood
/// split uses <see cref="OutOfDistribution"/> (formants 28% higher, wider, brighter spectrum).
/// </summary>
public sealed record VoiceStyle(string Name, double FormantScale, double BandwidthScale, double TiltOffset)
{
    public static VoiceStyle InDistribution { get; } = new("in_distribution", FormantScale: 1.0, BandwidthScale: 1.0, TiltOffset: 0);

    public static VoiceStyle OutOfDistribution { get; } = new("out_of_distribution", FormantScale: 1.28, BandwidthScale: 1.7, TiltOffset: -0.35);
}
