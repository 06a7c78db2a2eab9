using R1Omni.Runtime;

namespace R1Omni.Generation;

/// <summary>
/// Draws one token from fp32 scores after HF's warpers (temperature already applied): top-k, then top-p over the
/// survivors, then a categorical draw. Each row owns a SplitMix64 stream, so draws are reproducible, independent of
/// the batch a row is decoded in, and identical on every device for identical scores. Sampling over the top-k
/// candidates in managed code avoids a full-vocabulary multinomial per row and step.
/// </summary>
public sealed class TokenSampler(long seed)
{
    readonly SplitMix64 stream = new(unchecked((ulong)seed));

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => stream.NextDouble();

    /// <summary>
    /// Samples from candidates given in descending score order (ids and scores aligned; −∞ scores are never drawn).
    /// topP &lt; 1 keeps the smallest prefix whose probability mass exceeds topP (HF: drop the tail with cumulative
    /// mass ≤ 1 − topP, computed from the low end), always keeping the best candidate.
    /// </summary>
    public int Sample(ReadOnlySpan<int> ids, ReadOnlySpan<float> scoresDescending, double topP)
    {
        int n = scoresDescending.Length;
        if (n == 0 || float.IsNegativeInfinity(scoresDescending[0])) throw new InvalidOperationException("no token can be sampled: every score is -inf");
        double max = scoresDescending[0];
        var p = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) total += p[i] = Math.Exp(scoresDescending[i] - max);
        int keep = n;
        if (topP < 1.0)
        {
            // HF sorts ascending and removes positions whose cumulative probability is ≤ 1 − top_p.
            double tail = 0;
            keep = n;
            for (int i = n - 1; i > 0; i--)
            {
                tail += p[i] / total;
                if (tail <= 1 - topP) keep = i; else break;
            }
        }
        double kept = 0;
        for (int i = 0; i < keep; i++) kept += p[i];
        double u = NextDouble() * kept, acc = 0;
        for (int i = 0; i < keep; i++)
        {
            acc += p[i];
            if (u < acc) return ids[i];
        }
        return ids[keep - 1];
    }
}
