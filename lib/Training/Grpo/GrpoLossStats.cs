namespace R1Omni.Training.Grpo;

/// <summary>
/// Accumulates what the loss passes of one update measured: the step loss (Σ of the groups' shares), token-weighted
/// sums of the per-token KL, entropy and clip indicator over the completion masks, and the pass times.
/// </summary>
public sealed class GrpoLossStats
{
    public double Loss { get; private set; }
    public double Tokens { get; private set; }
    double kl, entropy, clipped;
    /// <summary>The policy's log-prob passes with grad, up to the loss.</summary>
    public double ForwardSeconds { get; private set; }
    /// <summary>Backward passes, when the caller times them (<see cref="GrpoStepRunner.Backward"/> does).</summary>
    public double BackwardSeconds { get; set; }

    public double Kl => PerToken(kl);
    public double Entropy => PerToken(entropy);
    public double ClipRatio => PerToken(clipped);

    /// <summary>Adds one group: its loss share, its masked token count and the masked means of its per-token values.</summary>
    public void Add(double share, double tokens, double klMean, double entropyMean, double clippedMean, double forwardSeconds)
    {
        Loss += share;
        Tokens += tokens;
        kl += klMean * tokens;
        entropy += entropyMean * tokens;
        clipped += clippedMean * tokens;
        ForwardSeconds += forwardSeconds;
    }

    double PerToken(double sum) => Tokens == 0 ? 0 : sum / Tokens;
}
