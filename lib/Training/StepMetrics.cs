namespace R1Omni.Training;

/// <summary>One line of <c>metrics.jsonl</c>: an optimiser step's mean loss (mean of the micro-batch means), gradient
/// norm before clipping, the learning rate it used, whether it was skipped, its wall time and trainer-specific values.</summary>
public sealed record StepMetrics(int Step, double Epoch, double Loss, double GradNorm, double LearningRate, bool Skipped, double Seconds,
                                 IReadOnlyDictionary<string, double>? Extra = null);
