namespace R1Omni.Training.Grpo;

/// <summary>
/// What one pass of loss and backward over a rollout batch measured. KL, entropy and clip ratio are token means over
/// the kept completions' masks (0 when not computed).
/// </summary>
public sealed record GrpoBackwardStats(double Loss, double Kl, double Entropy, double ClipRatio, double LogProbSeconds, double BackwardSeconds);
