namespace R1Omni.Evaluation;

/// <summary>The metrics of one source (dataset) in one answer mode, and the folder they were written to.</summary>
public sealed record EvaluationScore(string Source, AnswerMode Mode, EmotionMetricsResult Metrics, string Folder);
