using R1Omni.Training.Grpo;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Omni.Tests.Training.Grpo;

public class GrpoLossTests
{
    const double Tol = 1e-5;

    static Tensor Leaf(params float[] values) => tensor(values).unsqueeze(0).requires_grad_(true);   // [1, C]

    [Fact]
    public void KlEstimatorsMatchTheirFormulas()
    {
        // π = 0.5, π_ref = 0.25: d = log π_ref − log π = −ln 2.
        using var logp = tensor(new[] { MathF.Log(0.5f) });
        using var refLogp = tensor(new[] { MathF.Log(0.25f) });
        Assert.Equal(0.6931471805599453, GrpoObjective.Kl(logp, refLogp, KlEstimator.K1).ToDouble(), Tol);
        Assert.Equal(0.2402265069591007, GrpoObjective.Kl(logp, refLogp, KlEstimator.K2).ToDouble(), Tol);
        Assert.Equal(0.1931471805599454, GrpoObjective.Kl(logp, refLogp, KlEstimator.K3).ToDouble(), Tol);
        // Identical policies: every estimator is 0.
        foreach (var k in Enum.GetValues<KlEstimator>()) Assert.Equal(0.0, GrpoObjective.Kl(logp, logp, k).ToDouble(), Tol);
    }

    [Fact]
    public void SingleUpdateLossIsMinusAdvantagePlusBetaKlWithTheRatiosGradient()
    {
        // One token, log π = ln 0.5, log π_ref = ln 0.25, A = 2, β = 0.04, k3.
        using var logp = Leaf(MathF.Log(0.5f));
        using var refLogp = tensor(new[] { MathF.Log(0.25f) }).unsqueeze(0);
        using var a = tensor(new[] { 2.0f });
        using var terms = GrpoObjective.PerToken(logp, null, refLogp, a, new GrpoLossOptions());
        // ρ = exp(logp − stopgrad(logp)) = 1: loss = −(1·2 − 0.04·k3).
        Assert.Equal(-2 + 0.04 * 0.1931471805599454, terms.PerToken.ToDouble(), Tol);
        Assert.Null(terms.Clipped);
        terms.PerToken.sum().backward();
        // ∂/∂logp: −A·ρ + β·∂k3/∂logp, with ∂k3/∂logp = 1 − exp(d) = 1 − 0.5.
        Assert.Equal(-2 + 0.04 * 0.5, logp.grad!.ToDouble(), Tol);
    }

    [Fact]
    public void BetaZeroNeedsNoReference()
    {
        using var logp = Leaf(-1f, -2f);
        using var a = tensor(new[] { -0.5f });
        using var terms = GrpoObjective.PerToken(logp, null, null, a, new GrpoLossOptions { Beta = 0 });
        Assert.Null(terms.Kl);
        Assert.Equal([0.5f, 0.5f], terms.PerToken.data<float>().ToArray());
        Assert.Throws<ArgumentException>(() => GrpoObjective.PerToken(logp, null, null, a, new GrpoLossOptions { Beta = 0.04 }));
    }

    [Theory]
    // ratio, A, expected loss, expected ∂loss/∂logp, clipped
    [InlineData(1.5, 1.0, -1.2, 0.0, true)]     // above 1 + ε_high with A > 0: clipped, no gradient
    [InlineData(1.1, 1.0, -1.1, -1.1, false)]   // inside the range
    [InlineData(0.5, -1.0, 0.8, 0.0, true)]     // below 1 − ε_low with A < 0: clipped
    [InlineData(1.5, -1.0, 1.5, 1.5, false)]    // A < 0 and ratio high: the unclipped term is the minimum
    [InlineData(0.75, 1.0, -0.75, -0.75, false)]
    [InlineData(1.25, 1.0, -1.25, -1.25, false)] // ε_high = 0.3 > ε_low: two-sided, asymmetric
    public void SeveralUpdatesClipTheRatioToTheOldPolicy(double ratio, double advantage, double loss, double grad, bool clipped)
    {
        var options = new GrpoLossOptions { Beta = 0, EpsilonLow = 0.2, EpsilonHigh = 0.3 };
        if (ratio == 1.5 && advantage > 0) options = options with { EpsilonHigh = 0.2 };
        using var logp = Leaf(-1f);
        using var old = tensor(new[] { (float)(-1 - Math.Log(ratio)) }).unsqueeze(0);
        using var a = tensor(new[] { (float)advantage });
        using var terms = GrpoObjective.PerToken(logp, old, null, a, options);
        Assert.Equal(loss, terms.PerToken.ToDouble(), Tol);
        Assert.Equal(clipped ? 1.0 : 0.0, terms.Clipped!.ToDouble());
        terms.PerToken.sum().backward();
        Assert.Equal(grad, logp.grad!.ToDouble(), Tol);
    }

    static readonly float[,] PerToken = { { 1, 2, 3 }, { 4, 5, 6 } };
    static readonly float[,] Mask = { { 1, 1, 0 }, { 1, 0, 0 } };

    [Theory]
    [InlineData(LossAggregation.Grpo, 2.75)]            // mean(1.5, 4)
    [InlineData(LossAggregation.Bnpo, 7.0 / 3)]         // (1 + 2 + 4) / 3
    [InlineData(LossAggregation.DrGrpo, 7.0 / 8)]       // 7 / (2 sequences · 4 max tokens)
    [InlineData(LossAggregation.TokenMean, 7.0 / 3)]
    public void AggregationsOfOneGroup(LossAggregation aggregation, double expected)
    {
        using var loss = GrpoObjective.Aggregate(tensor(PerToken), tensor(Mask), aggregation, new AggregationTotals(2, 3, 1, 4), groupTokens: 3);
        Assert.Equal(expected, loss.ToDouble(), Tol);
        // Split into one pass per row, the shares sum to the same loss.
        double sum = 0;
        for (int r = 0; r < 2; r++) sum += GrpoObjective.Aggregate(tensor(PerToken)[r].unsqueeze(0), tensor(Mask)[r].unsqueeze(0), aggregation,
                                                              new AggregationTotals(2, 3, 1, 4), groupTokens: 3).ToDouble();
        Assert.Equal(expected, sum, Tol);
    }

    [Theory]
    [InlineData(LossAggregation.Grpo, 2.75)]
    [InlineData(LossAggregation.Bnpo, 2.75)]            // token mean per group (1.5 and 4), then their mean
    [InlineData(LossAggregation.DrGrpo, 7.0 / 8)]
    [InlineData(LossAggregation.TokenMean, 7.0 / 3)]    // over the whole step, not per group
    public void TheSharesOfTwoGroupsSumToTheStepLoss(LossAggregation aggregation, double expected)
    {
        var totals = new AggregationTotals(2, 3, 2, 4);
        double sum = 0;
        for (int r = 0; r < 2; r++)
        {
            using var perToken = tensor(PerToken)[r].unsqueeze(0);
            using var mask = tensor(Mask)[r].unsqueeze(0);
            sum += GrpoObjective.Aggregate(perToken, mask, aggregation, totals, groupTokens: mask.sum().ToDouble()).ToDouble();
        }
        Assert.Equal(expected, sum, Tol);
    }

    [Fact]
    public void AnEmptyMaskRowContributesNothing()
    {
        using var loss = GrpoObjective.Aggregate(tensor(new float[,] { { 1, 2 }, { 9, 9 } }), tensor(new float[,] { { 1, 1 }, { 0, 0 } }),
                                            LossAggregation.Grpo, new AggregationTotals(2, 2, 1, 2), groupTokens: 2);
        Assert.Equal(0.75, loss.ToDouble(), Tol);
        Assert.Equal(1.5, GrpoObjective.MaskedMean(tensor(new float[,] { { 1, 2 }, { 9, 9 } }), tensor(new float[,] { { 1, 1 }, { 0, 0 } })), Tol);
        Assert.Equal(0.0, GrpoObjective.MaskedMean(tensor(new float[] { 5 }), tensor(new float[] { 0 })));
    }

    [Fact]
    public void OptionsAreValidated()
    {
        Assert.Contains("beta", Assert.Throws<R1OmniException>(() => new GrpoLossOptions { Beta = -1 }.Validate("cfg")).Message);
        Assert.Contains("epsilon_low", Assert.Throws<R1OmniException>(() => new GrpoLossOptions { EpsilonLow = 1 }.Validate("cfg")).Message);
    }
}
