namespace R1Omni.Training.Grpo;

/// <summary>The GRPO objective's settings; the defaults are R1-Omni's, bound to <see cref="GrpoConfig.Defaults"/>.</summary>
public sealed record GrpoLossOptions
{
    /// <summary>KL coefficient β; 0 drops the KL term and with it the reference model.</summary>
    public double Beta { get; init; } = GrpoConfig.Defaults.Beta;
    public KlEstimator Kl { get; init; } = GrpoConfig.Defaults.KlEstimator;
    /// <summary>Clipping range [1 − ε_low, 1 + ε_high] of the ratio to the rollout policy; acts only when a rollout
    /// batch is used for several updates (μ &gt; 1), since with μ = 1 the ratio is exactly 1.</summary>
    public double EpsilonLow { get; init; } = GrpoConfig.Defaults.EpsilonLow;
    public double EpsilonHigh { get; init; } = GrpoConfig.Defaults.EpsilonHigh;
    public LossAggregation Aggregation { get; init; } = GrpoConfig.Defaults.LossType;

    public void Validate(string where)
    {
        if (!(Beta >= 0) || double.IsInfinity(Beta)) throw new R1OmniException($"{where}: 'beta' must be a finite number ≥ 0, got {Beta}");
        if (!(EpsilonLow >= 0 && EpsilonLow < 1)) throw new R1OmniException($"{where}: 'epsilon_low' must be in [0, 1), got {EpsilonLow}");
        if (!(EpsilonHigh >= 0) || double.IsInfinity(EpsilonHigh)) throw new R1OmniException($"{where}: 'epsilon_high' must be a finite number ≥ 0, got {EpsilonHigh}");
    }
}
