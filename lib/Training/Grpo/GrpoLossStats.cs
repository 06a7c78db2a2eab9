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
    /// <summary>The policy's decoder passes with grad over the completions.</summary>
    public double ForwardSeconds { get; set; }
    /// <summary>The LM head and the objective in chunks, each back-propagated, then the decoder's backward pass.</summary>
    public double BackwardSeconds { get; set; }

    public double Kl => PerToken(kl);
    public double Entropy => PerToken(entropy);
    public double ClipRatio => PerToken(clipped);

    /// <summary>Adds a run of masked tokens: its share of the step loss and the sums of its per-token KL, entropy and clip indicator.</summary>
    public void AddTokens(double share, double tokens, double klSum, double entropySum, double clippedSum)
    {
        Loss += share;
        Tokens += tokens;
        kl += klSum;
        entropy += entropySum;
        clipped += clippedSum;
    }

    double PerToken(double sum) => Tokens == 0 ? 0 : sum / Tokens;
}
