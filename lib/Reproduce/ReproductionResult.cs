using R1Omni.Evaluation;
using R1Omni.SynthEmo;

namespace R1Omni.Reproduce;

/// <summary>What a model's answers on one split show beyond WAR/UAR: its rationales and its accuracy on the labels
/// only one modality tells apart (0–1; NaN without such clips).</summary>
public sealed record SplitRationale(RationaleSummary Rationale, double AudioPairAccuracy, double VideoPairAccuracy)
{
    /// <summary>"rationales face F voice V consistent C; audio pair A, video pairs B" in percent.</summary>
    public override string ToString() =>
        $"rationales face {Pct(Rationale.FaceFaithfulness)} voice {Pct(Rationale.VoiceFaithfulness)} consistent {Pct(Rationale.Consistency)}; " +
        $"audio pair {Pct(AudioPairAccuracy)}, video pairs {Pct(VideoPairAccuracy)}";

    static string Pct(double v) => double.IsFinite(v) ? (v * 100).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}

/// <summary>One row of results.csv: a model, the question it was asked, and its scores in and out of distribution.</summary>
public sealed record ReproductionRow(string Model, string Instruct, EmotionMetricsResult InDistribution, EmotionMetricsResult OutOfDistribution,
                                     SplitRationale IdRationale, SplitRationale OodRationale);
