using R1Omni.Generation;

namespace R1Omni.Training.Grpo;

/// <summary>
/// The GRPO-specific values of a step's metrics line (beside the run's loss, grad_norm, learning_rate and seconds):
/// rewards in total and per function, the share of zero-std groups, completion lengths and truncation, KL, entropy,
/// clip ratio, and the time of each phase. Names follow trl where it has one.
/// </summary>
public static class GrpoMetrics
{
    /// <summary>What the rollout batch says: rewards, group spread, completion lengths, phase times.</summary>
    public static Dictionary<string, double> Of(GrpoRolloutBatch batch, IReadOnlyList<IRewardFunction> rewards, GrpoOptions options)
    {
        var groups = batch.Groups;
        var total = groups.SelectMany(g => g.Rewards).ToArray();
        var lengths = groups.SelectMany(g => g.Completions.Lengths).ToArray();
        var m = new Dictionary<string, double>
        {
            ["reward"] = total.Average(),
            // trl's reward_std: the mean over groups of each group's std.
            ["reward_std"] = groups.Average(g => GrpoObjective.UnbiasedStd(g.Rewards)),
            ["frac_reward_zero_std"] = groups.Count(g => g.ZeroStd) / (double)groups.Count,
            ["groups_dropped"] = groups.Count(g => g.Dropped),
            ["completions/mean_length"] = lengths.Average(),
            ["completions/min_length"] = lengths.Min(),
            ["completions/max_length"] = lengths.Max(),
            ["completions/truncated_ratio"] = groups.SelectMany(g => g.FinishReasons).Count(r => r == FinishReason.Length) / (double)lengths.Length,
            ["time/data"] = batch.DataSeconds,
            ["time/generation"] = batch.GenerationSeconds,
            ["time/reference"] = batch.ReferenceSeconds,
        };
        for (int f = 0; f < rewards.Count; f++)
        {
            var scores = groups.SelectMany(g => g.RewardsByFunction[f]).ToArray();
            m[$"rewards/{rewards[f].Name}/mean"] = scores.Average();
            m[$"rewards/{rewards[f].Name}/std"] = scores.Length > 1 ? GrpoObjective.UnbiasedStd(scores) : 0;
        }
        if (options.UpdatesPerBatch > 1) m["time/old_logprob"] = batch.OldLogProbSeconds;
        return m;
    }

    /// <summary>Adds what the loss pass measured: KL (when a reference is held), entropy, clip ratio (μ &gt; 1), the policy pass time.</summary>
    public static void AddLoss(Dictionary<string, double> metrics, GrpoLossStats stats, GrpoOptions options)
    {
        if (options.Loss.Beta > 0) metrics["kl"] = stats.Kl;
        if (options.LogEntropy) metrics["entropy"] = stats.Entropy;
        if (options.UpdatesPerBatch > 1) metrics["clip_ratio"] = stats.ClipRatio;
        metrics["time/logprob"] = stats.ForwardSeconds;
    }
}
