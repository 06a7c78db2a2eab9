namespace R1Omni.Training.Grpo;

/// <summary>
/// How per-token losses become the step loss (N sequences over the optimiser step, mask m):
/// <list type="bullet">
/// <item><see cref="Grpo"/>: mean over sequences of each sequence's token mean — R1-Omni's and the paper's formula;</item>
/// <item><see cref="Bnpo"/>: token mean within each prompt group (the reference's micro-batch), averaged over the groups;</item>
/// <item><see cref="DrGrpo"/>: Σ m·loss / (N · max_completion_length), Dr. GRPO's length-unbiased constant;</item>
/// <item><see cref="TokenMean"/>: Σ m·loss / Σ m over the whole optimiser step (DAPO).</item>
/// </list>
/// </summary>
public enum LossAggregation { Grpo, Bnpo, DrGrpo, TokenMean }
