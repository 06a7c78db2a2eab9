using R1Omni.Runtime;

namespace R1Omni.SynthEmo;

/// <summary>
/// The numbers one clip's voice is synthesised from. <see cref="Slope"/> is the relative pitch change over the
/// clip (centred, so the mean pitch stays <see cref="F0"/>); <see cref="TremorDepth"/>/<see cref="TremorRate"/> a
/// sinusoidal pitch tremor; <see cref="Rms"/> the target level over the whole clip; <see cref="Tilt"/> the
/// harmonic roll-off exponent (amplitude ∝ k^−tilt); <see cref="Breathiness"/> the aspiration-noise share.
/// </summary>
public sealed record VoiceParams(
    double F0, PitchContour Contour, double Slope, double TremorDepth, double TremorRate,
    double Rms, double SyllableRate,
    double Breathiness, double Tilt, double Jitter, double Shimmer,
    double FormantScale, double BandwidthScale, double NoiseFloor,
    ulong RenderSeed)
{
    /// <summary>Draws a voice for the given cue levels; speaker pitch, formant scale, level and noise floor are nuisance factors.</summary>
    public static VoiceParams Sample(VoiceCues cues, VoiceStyle style, SplitMix64 rng)
    {
        double f0 = cues.Pitch switch { PitchLevel.Low => 105, PitchLevel.Mid => 160, _ => 235 } * rng.Uniform(0.92, 1.08);
        double slope = cues.Contour switch
        {
            PitchContour.Rising => rng.Uniform(0.28, 0.42),
            PitchContour.Falling => -rng.Uniform(0.24, 0.34),
            _ => rng.Uniform(-0.04, 0.04),
        };
        var (tremorDepth, tremorRate) = cues.Contour == PitchContour.Wavering
            ? (rng.Uniform(0.06, 0.09), rng.Uniform(5.0, 7.0))
            : (rng.Uniform(0.0, 0.01), rng.Uniform(4.0, 6.0));
        double rms = cues.Loudness switch { Loudness.Soft => 0.035, Loudness.Moderate => 0.07, _ => 0.14 } * rng.Uniform(0.85, 1.15);
        double rate = cues.Tempo switch { Tempo.Slow => 2.6, Tempo.Moderate => 4.0, _ => 6.0 } * rng.Uniform(0.9, 1.1);
        var (breathiness, tilt, jitter, shimmer) = cues.Quality switch
        {
            VoiceQuality.Clear => (rng.Uniform(0.02, 0.05), rng.Uniform(1.0, 1.2), 0.003, 0.02),
            VoiceQuality.Breathy => (rng.Uniform(0.30, 0.40), rng.Uniform(1.5, 1.7), 0.004, 0.03),
            _ => (rng.Uniform(0.04, 0.08), rng.Uniform(0.5, 0.65), rng.Uniform(0.02, 0.03), rng.Uniform(0.12, 0.18)),
        };
        return new VoiceParams(
            F0: R(f0), Contour: cues.Contour, Slope: R(slope), TremorDepth: R(tremorDepth), TremorRate: R(tremorRate),
            Rms: R(rms), SyllableRate: R(rate),
            Breathiness: R(breathiness), Tilt: R(tilt + style.TiltOffset), Jitter: R(jitter), Shimmer: R(shimmer),
            FormantScale: R(style.FormantScale * rng.Uniform(0.94, 1.06)), BandwidthScale: style.BandwidthScale,
            NoiseFloor: R(rng.Uniform(0.001, 0.003)),
            RenderSeed: rng.NextULong());
    }

    static double R(double x) => Math.Round(x, 4);
}
