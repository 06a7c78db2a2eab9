namespace R1Omni.Training.Grpo;

/// <summary>
/// How a GRPO step computes its rollouts and log-probs.
/// <see cref="Shared"/>: per prompt the towers run once, the gate and projectors once per pass, the prompt is prefilled
/// once and its KV cache shared by the G samples, which decode as one batch; the log-prob passes forward the prompt once
/// and the G completions against it. <see cref="Naive"/>: what the reference trainer does — the prompt, video and audio
/// repeated G times, the towers re-run on every copy in every pass, each sequence forwarded in full.
/// Both give the same completions (same seed streams) and the same loss up to rounding.
/// </summary>
public enum RolloutMode { Shared, Naive }
