using R1Omni.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Omni.Training.Grpo;

/// <summary>
/// The GRPO objective, read top to bottom as trl's <c>GRPOTrainer.compute_loss</c> and R1-Omni's
/// <c>humanOmni_grpo_trainer.py</c> <c>compute_loss</c> compute it:
/// <list type="number">
/// <item><b>advantages</b> per completion from the group's rewards: A = (r − mean) / (std + 1e-4), unbiased std;</item>
/// <item><b>ratio and clipping</b> per token: ρ = exp(log π − log π_old), surrogate min(ρ·A, clip(ρ, 1 − ε_low, 1 + ε_high)·A);</item>
/// <item><b>KL</b> per token against the reference (k1, k2 or k3 — R1-Omni's), weighted by β;</item>
/// <item><b>aggregation</b> of the per-token loss −surrogate + β·KL into the step loss: the one place the loss is
/// normalised. Each log-prob pass returns its share, and the shares of an optimiser step sum to the step loss.</item>
/// </list>
/// With a single update per rollout batch (R1-Omni: no old log-probs) π_old is log π with the gradient stopped: ρ is
/// exactly 1, its gradient ∇log π, clipping cannot act, and the loss is the reference's −(ρ·A − β·KL).
/// </summary>
public static class GrpoObjective
{
    public const double AdvantageEpsilon = 1e-4;
    /// <summary>A group whose std is below this counts as zero-variance (all rewards equal), as torch.isclose judges it.</summary>
    public const double ZeroStdTolerance = 1e-8;

    // 1. Advantages ------------------------------------------------------------------------------------------------

    /// <summary>Advantages for rewards laid out group after group (G consecutive entries per prompt); every token of a
    /// completion shares its advantage. The mean subtracted is always the group's; <paramref name="scaling"/> picks the std.</summary>
    public static double[] Advantages(IReadOnlyList<double> rewards, int groupSize, RewardScaling scaling)
    {
        int groups = GroupCount(rewards, groupSize);
        double batchStd = scaling == RewardScaling.Batch ? UnbiasedStd(rewards.ToArray()) : 0;
        var advantages = new double[rewards.Count];
        for (int g = 0; g < groups; g++)
        {
            var group = rewards.Skip(g * groupSize).Take(groupSize).ToArray();
            double mean = group.Average();
            double scale = scaling switch
            {
                RewardScaling.Group => UnbiasedStd(group) + AdvantageEpsilon,
                RewardScaling.Batch => batchStd + AdvantageEpsilon,
                _ => 1.0,
            };
            for (int i = 0; i < groupSize; i++) advantages[g * groupSize + i] = (group[i] - mean) / scale;
        }
        return advantages;
    }

    /// <summary>Per group: true when its rewards have (numerically) zero spread, so it carries no learning signal.</summary>
    public static bool[] ZeroStdGroups(IReadOnlyList<double> rewards, int groupSize)
    {
        int groups = GroupCount(rewards, groupSize);
        return Enumerable.Range(0, groups).Select(g => UnbiasedStd(rewards.Skip(g * groupSize).Take(groupSize).ToArray()) < ZeroStdTolerance).ToArray();
    }

    /// <summary>Sample standard deviation (divides by n − 1), as torch.std computes it by default.</summary>
    public static double UnbiasedStd(IReadOnlyList<double> values)
    {
        if (values.Count < 2) throw new ArgumentException("the unbiased standard deviation needs at least two values");
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    static int GroupCount(IReadOnlyList<double> rewards, int groupSize)
    {
        if (groupSize < 2) throw new R1OmniException($"num_generations must be at least 2 for group advantages, got {groupSize}");
        if (rewards.Count % groupSize != 0) throw new ArgumentException($"{rewards.Count} rewards do not split into groups of {groupSize}");
        return rewards.Count / groupSize;
    }

    // 2. Ratio and clipping, 3. KL -----------------------------------------------------------------------------------

    /// <param name="logp">Policy log-probs of the completion tokens [G, C], with grad.</param>
    /// <param name="oldLogp">The rollout policy's log-probs (μ &gt; 1), or null for a single update.</param>
    /// <param name="refLogp">The reference model's log-probs; required when β &gt; 0.</param>
    /// <param name="advantages">One advantage per completion [G], or one per token (the shape of <paramref name="logp"/>).</param>
    public static GrpoLossTerms PerToken(Tensor logp, Tensor? oldLogp, Tensor? refLogp, Tensor advantages, GrpoLossOptions options)
    {
        if (options.Beta > 0 && refLogp is null) throw new ArgumentException("β > 0 needs the reference log-probs");
        using var scope = NewDisposeScope();
        var a = advantages.dim() == logp.dim() ? advantages.to(logp.dtype) : advantages.to(logp.dtype).unsqueeze(1);
        var ratio = (logp - (oldLogp ?? logp.detach())).exp();
        Tensor surrogate;
        Tensor? clipped = null;
        if (oldLogp is null) surrogate = ratio * a;
        else
        {
            var unclipped = ratio * a;
            var bounded = ratio.clamp(Scalars.Of(1 - options.EpsilonLow), Scalars.Of(1 + options.EpsilonHigh)) * a;
            surrogate = minimum(unclipped, bounded);
            using (no_grad()) clipped = bounded.lt(unclipped).to(logp.dtype).MoveToOuterDisposeScope();
        }
        var loss = -surrogate;
        Tensor? kl = null;
        if (refLogp is not null)
        {
            var k = Kl(logp, refLogp, options.Kl);
            if (options.Beta > 0) loss = loss.add(k.mul(Scalars.Of(options.Beta)), Scalars.One);
            kl = k.detach().MoveToOuterDisposeScope();
        }
        return new GrpoLossTerms(loss.MoveToOuterDisposeScope(), kl, clipped);
    }

    /// <summary>The per-token KL estimate from the policy's and the reference's log-probs (see <see cref="KlEstimator"/>).</summary>
    public static Tensor Kl(Tensor logp, Tensor refLogp, KlEstimator estimator)
    {
        using var scope = NewDisposeScope();
        var d = refLogp - logp;
        var kl = estimator switch
        {
            KlEstimator.K1 => -d,
            KlEstimator.K2 => d.pow(Scalars.Of(2L)).mul(Scalars.Of(0.5)),
            KlEstimator.K3 => (d.exp() - d).sub(Scalars.One),
            _ => throw new ArgumentOutOfRangeException(nameof(estimator), estimator, "unknown KL estimator"),
        };
        return kl.MoveToOuterDisposeScope();
    }

    // 4. Aggregation -----------------------------------------------------------------------------------------------

    /// <summary>
    /// The weight of each token's loss in the step loss under <paramref name="aggregation"/> (see
    /// <see cref="LossAggregation"/>), for completion rows with mask [R, C]: a pass's share of the step loss is
    /// Σ weight · loss over its tokens, so passes (and chunks of tokens within them) can be back-propagated one at a
    /// time. <paramref name="groupTokens"/>[r] is the mask sum of row r's whole group (BNPO's normaliser).
    /// </summary>
    public static Tensor Weights(Tensor mask, LossAggregation aggregation, AggregationTotals totals, IReadOnlyList<double> groupTokens)
    {
        if (groupTokens.Count != mask.shape[0]) throw new ArgumentException($"{groupTokens.Count} group token counts for {mask.shape[0]} rows");
        using var scope = NewDisposeScope();
        var m = mask.to(ScalarType.Float32);
        var weights = aggregation switch
        {
            // A row with an empty mask (e.g. a dropped truncated completion) weighs 0, not 0/0.
            LossAggregation.Grpo => Divide(m / m.sum(1, keepdim: true).clamp_min(Scalars.One), totals.Sequences),
            LossAggregation.Bnpo => Divide(m / tensor(groupTokens.Select(t => (float)Math.Max(t, 1)).ToArray(), device: m.device).unsqueeze(1), totals.Groups),
            LossAggregation.DrGrpo => Divide(m, (double)totals.Sequences * totals.MaxCompletionLength),
            LossAggregation.TokenMean => Divide(m, Math.Max(totals.Tokens, 1)),
            _ => throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, "unknown loss aggregation"),
        };
        return weights.MoveToOuterDisposeScope();
    }

    /// <summary>The share of the step loss of per-token losses [R, C] of one group's rows (mask sum of the group:
    /// <paramref name="groupTokens"/>): Σ <see cref="Weights"/> · loss.</summary>
    public static Tensor Aggregate(Tensor perToken, Tensor mask, LossAggregation aggregation, AggregationTotals totals, double groupTokens)
    {
        using var scope = NewDisposeScope();
        var weights = Weights(mask, aggregation, totals, Enumerable.Repeat(groupTokens, (int)mask.shape[0]).ToList());
        return (perToken * weights.to(perToken.dtype)).sum().MoveToOuterDisposeScope();
    }

    /// <summary>Σ mask·values / Σ mask (0 when the mask is empty): how per-token metrics (KL, entropy, clip ratio) are averaged.</summary>
    public static double MaskedMean(Tensor values, Tensor mask)
    {
        using var scope = NewDisposeScope();
        double total = Scalars.ToDouble(mask.sum());
        return total == 0 ? 0 : Scalars.ToDouble((values.detach() * mask.to(values.dtype)).sum()) / total;
    }

    // The divisors change with every batch, so each is held for its call only (see Scalars).
    static Tensor Divide(Tensor t, double divisor)
    {
        using var s = divisor.ToScalar();
        return t.div(s);
    }

    static Tensor Divide(Tensor t, long divisor)
    {
        using var s = divisor.ToScalar();
        return t.div(s);
    }
}
