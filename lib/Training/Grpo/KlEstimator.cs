namespace R1Omni.Training.Grpo;

/// <summary>
/// Per-token estimators of KL(π‖π_ref) from d = log π_ref − log π at the sampled token (Schulman's k1, k2, k3):
/// k1 = −d, k2 = d²/2, k3 = exp(d) − d − 1 (R1-Omni and DeepSeekMath; unbiased and always ≥ 0).
/// </summary>
public enum KlEstimator { K1, K2, K3 }
