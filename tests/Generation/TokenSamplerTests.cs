using R1Omni.Generation;

namespace R1Omni.Tests.Generation;

public class TokenSamplerTests
{
    static readonly int[] Ids = [7, 3, 9, 1];
    // Probabilities 0.5, 0.3, 0.15, 0.05 as log scores, in descending order.
    static readonly float[] Scores = [MathF.Log(0.5f), MathF.Log(0.3f), MathF.Log(0.15f), MathF.Log(0.05f)];

    static Dictionary<int, double> Frequencies(double topP, int draws = 40000, long seed = 1)
    {
        var s = new TokenSampler(seed);
        var counts = new Dictionary<int, double>();
        for (int i = 0; i < draws; i++)
        {
            int t = s.Sample(Ids, Scores, topP);
            counts[t] = counts.GetValueOrDefault(t) + 1.0 / draws;
        }
        return counts;
    }

    // 40,000 draws: the binomial standard deviation is at most 0.0025, so 0.015 is a 6σ bound.
    static void Near(double expected, double actual) => Assert.InRange(actual, expected - 0.015, expected + 0.015);

    [Fact]
    public void DrawsFollowTheSoftmax()
    {
        var f = Frequencies(1.0);
        Near(0.5, f[7]);
        Near(0.3, f[3]);
        Near(0.15, f[9]);
        Near(0.05, f[1]);
    }

    [Fact]
    public void TopPDropsTheTailAndRenormalises()
    {
        // p = 0.8: the tail {0.15, 0.05} has cumulative mass 0.2 ≤ 1 − 0.8 and is dropped; {0.5, 0.3} renormalised.
        var f = Frequencies(0.8);
        Assert.Equal([3, 7], f.Keys.Order());
        Near(0.5 / 0.8, f[7]);
        // A tiny p keeps only the best candidate.
        Assert.Equal([7], Frequencies(1e-6, draws: 100).Keys);
    }

    [Fact]
    public void NegativeInfinityIsNeverDrawnAndStreamsAreReproducible()
    {
        float[] scores = [0f, float.NegativeInfinity];
        var s = new TokenSampler(3);
        for (int i = 0; i < 1000; i++) Assert.Equal(5, s.Sample([5, 6], scores, 1.0));
        var a = new TokenSampler(42);
        var b = new TokenSampler(42);
        for (int i = 0; i < 100; i++) Assert.Equal(a.NextDouble(), b.NextDouble());
    }
}
