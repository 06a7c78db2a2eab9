using R1Omni.Generation;
using static TorchSharp.torch;

namespace R1Omni.Tests.Generation;

/// <summary>The managed log-softmax passes against libtorch's formulas, at the real vocabulary (parallel rows) and at a
/// width that leaves a scalar tail: log-probs and log-sum-exp within 1e-5, entropy within 1e-4, the gradient within 1e-5 of its coefficient c (|c·(onehot − p)| ≤ |c|; the log-sum-exp's
/// last bits move every p by about 1e-6 relative).</summary>
public class LogSoftmaxRowsTests
{
    [Theory]
    [InlineData(5, 151936)]
    [InlineData(3, 1003)]
    public void StatisticsAndGradientMatchLibtorch(int n, int v)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var logits = (randn(n, v, generator: new TorchSharp.torch.Generator(3)) * 4).contiguous();
        long[] targets = Enumerable.Range(0, n).Select(i => (long)(i * 7919 % v)).ToArray();
        var target = tensor(targets).unsqueeze(-1);
        Assert.True(LogSoftmaxRows.Applies(logits));

        float[] logp = new float[n], lse = new float[n], entropy = new float[n];
        LogSoftmaxRows.Statistics(logits, targets, logp, lse, entropy);
        var expectedLse = logits.logsumexp(-1);
        var expectedLogp = logits.gather(-1, target).squeeze(-1) - expectedLse;
        var expectedEntropy = CompletionLogProbs.Entropy(logits);
        AssertClose(expectedLse, lse, 1e-5);
        AssertClose(expectedLogp, logp, 1e-5);
        AssertClose(expectedEntropy, entropy, 1e-4);

        float[] c = Enumerable.Range(0, n).Select(i => 0.5f - i).ToArray();
        var coefficient = tensor(c).unsqueeze(-1);
        var expectedGrad = logits.clone().sub_(expectedLse.unsqueeze(-1)).exp_().mul_(coefficient.neg()).scatter_add_(-1, target, coefficient);
        LogSoftmaxRows.GradientInPlace(logits, targets, lse, c);
        double worst = ((logits - expectedGrad).abs() / coefficient.abs()).max().item<float>();
        Assert.True(worst <= 1e-5, $"max |Δgrad| / |c| = {worst:E2}");
    }

    [Fact]
    public void DeclinesTensorsInAutogradOrNotFp32()
    {
        using var scope = NewDisposeScope();
        Assert.False(LogSoftmaxRows.Applies(randn(2, 8).requires_grad_(true)));
        Assert.False(LogSoftmaxRows.Applies(randn(2, 8).to(ScalarType.BFloat16)));
        Assert.False(LogSoftmaxRows.Applies(randn(8, 2).t()));
    }

    static void AssertClose(Tensor expected, float[] got, double tolerance)
    {
        var e = expected.data<float>().ToArray();
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - got[i]) <= tolerance * Math.Max(1, Math.Abs(e[i])), $"[{i}]: {got[i]} against libtorch's {e[i]}");
    }
}
