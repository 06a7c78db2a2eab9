using R1Omni.Evaluation;

namespace R1Omni.Reproduce;

/// <summary>A trained and evaluated variant: its last checkpoint, its metrics.jsonl and its evaluation.</summary>
public sealed record GrpoAblationResult(GrpoAblation Variant, string Checkpoint, string TrainingMetrics, EmotionMetricsResult Evaluation);
