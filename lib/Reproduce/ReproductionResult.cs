using R1Omni.Evaluation;

namespace R1Omni.Reproduce;

/// <summary>One row of results.csv: a model's WAR/UAR (percent) in distribution and out of distribution.</summary>
public sealed record ReproductionRow(string Model, EmotionMetricsResult InDistribution, EmotionMetricsResult OutOfDistribution);
