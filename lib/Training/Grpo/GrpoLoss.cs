using R1Omni.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Omni.Training.Grpo;

/// <summary>
/// The GRPO objective on per-token log-probs [G, C] (spec §8.2 steps 9 and 12). Per token,
/// loss = −min(ρ·A, clip(ρ, 1 − ε_low, 1 + ε_high)·A) + β·KL with ρ = exp(log π − log π_old).
/// With a single update per rollout batch (no old log-probs) π_old is log π itself with the gradient stopped: ρ is
/// exactly 1, its gradient is ∇log π, clipping cannot act, and the loss is the reference's −(ρ·A − β·KL).
/// </summary>
public static class GrpoLoss
{
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

    /// <param name="logp">Policy log-probs of the completion tokens [G, C], with grad.</param>
    /// <param name="oldLogp">The rollout policy's log-probs (μ &gt; 1), or null for a single update.</param>
    /// <param name="refLogp">The reference model's log-probs; required when β &gt; 0.</param>
    /// <param name="advantages">One advantage per completion [G].</param>
    public static GrpoLossTerms PerToken(Tensor logp, Tensor? oldLogp, Tensor? refLogp, Tensor advantages, GrpoLossOptions options)
    {
        if (options.Beta > 0 && refLogp is null) throw new ArgumentException("β > 0 needs the reference log-probs");
        using var scope = NewDisposeScope();
        var a = advantages.to(logp.dtype).unsqueeze(1);
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

    /// <summary>
    /// This pass's share of the step loss under <paramref name="aggregation"/> (see <see cref="LossAggregation"/>); a
    /// pass holds some or all completions of one group, whose mask sums to <paramref name="groupTokens"/>.
    /// </summary>
    public static Tensor Aggregate(Tensor perToken, Tensor mask, LossAggregation aggregation, AggregationTotals totals, double groupTokens)
    {
        using var scope = NewDisposeScope();
        var m = mask.to(perToken.dtype);
        var masked = perToken * m;
        var share = aggregation switch
        {
            // A row with an empty mask (e.g. a dropped truncated completion) contributes 0, not 0/0.
            LossAggregation.Grpo => Divide((masked.sum(1) / m.sum(1).clamp_min(Scalars.One)).sum(), totals.Sequences),
            LossAggregation.Bnpo => Divide(Divide(masked.sum(), Math.Max(groupTokens, 1)), totals.Groups),
            LossAggregation.DrGrpo => Divide(masked.sum(), (double)totals.Sequences * totals.MaxCompletionLength),
            LossAggregation.TokenMean => Divide(masked.sum(), Math.Max(totals.Tokens, 1)),
            _ => throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, "unknown loss aggregation"),
        };
        return share.MoveToOuterDisposeScope();
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

    /// <summary>Σ mask·values / Σ mask (0 when the mask is empty): how per-token metrics (KL, entropy, clip ratio) are averaged.</summary>
    public static double MaskedMean(Tensor values, Tensor mask)
    {
        using var scope = NewDisposeScope();
        double total = Scalars.ToDouble(mask.sum());
        return total == 0 ? 0 : Scalars.ToDouble((values.detach() * mask.to(values.dtype)).sum()) / total;
    }
}
