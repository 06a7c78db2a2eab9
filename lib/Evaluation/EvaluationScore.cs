namespace R1Omni.Evaluation;

/// <summary>The metrics of one source (dataset) in one answer mode, the folder they were written to, and how many of the
/// source's items are errors (could not be run; not in the metrics).</summary>
public sealed record EvaluationScore(string Source, AnswerMode Mode, EmotionMetricsResult Metrics, string Folder, int Errors = 0);
