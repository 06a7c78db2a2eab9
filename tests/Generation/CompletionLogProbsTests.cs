using R1Omni.Tests.Models;
using R1Omni.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Omni.Tests.Generation;

public class CompletionLogProbsTests
{
    [Fact]
    public void SharedPrefixEqualsFullSequencesInValueAndGradient()
    {
        using var model = TinyQwen2.Model(seed: 5);
        long[] prompt = [3, 14, 15, 92, 65, 35, 89];
        long[,] completions = { { 7, 9, 2, 2 }, { 11, 13, 17, 19 }, { 7, 8, 2, 2 } };
        var promptEmbeds = model.Embed(tensor(prompt).unsqueeze(0)).detach();
        var ids = tensor(completions);

        (float[] LogProbs, float[] Grad, float[] Entropy) Run(bool shared)
        {
            using var leaf = promptEmbeds.clone().requires_grad_(true);
            var input = shared ? leaf : leaf.expand(3, -1, -1);
            var (logp, entropy) = CompletionLogProbs.Compute(model, input, ids, withEntropy: true);
            logp.sum().backward();
            return (logp.data<float>().ToArray(), leaf.grad!.data<float>().ToArray(), entropy!.data<float>().ToArray());
        }

        var full = Run(shared: false);
        var shared = Run(shared: true);
        Assert.Equal(12, full.LogProbs.Length);
        for (int i = 0; i < full.LogProbs.Length; i++) Assert.Equal(full.LogProbs[i], shared.LogProbs[i], 1e-4);
        for (int i = 0; i < full.Grad.Length; i++) Assert.Equal(full.Grad[i], shared.Grad[i], 1e-4);
        for (int i = 0; i < full.Entropy.Length; i++) Assert.Equal(full.Entropy[i], shared.Entropy[i], 1e-4);
        Assert.All(full.LogProbs, v => Assert.True(v < 0));
        Assert.Contains(full.Grad, v => v != 0);
    }

    [Fact]
    public void LogProbsAreThoseOfTheFullSoftmaxAtEachPosition()
    {
        using var model = TinyQwen2.Model(seed: 6);
        long[] sequence = [4, 8, 15, 16, 23, 42];
        using var _ = no_grad();
        var embeds = model.Embed(tensor(sequence).unsqueeze(0));
        var all = model.Forward(embeds).log_softmax(-1);   // [1, 6, V]
        var (logp, _) = CompletionLogProbs.Compute(model, embeds.narrow(1, 0, 4), tensor(sequence[4..]).unsqueeze(0));
        // Completion token j (position 4 + j) is predicted at position 3 + j.
        Assert.Equal(all[0, 3, 23].ToSingle(), logp[0, 0].ToSingle(), 1e-5);
        Assert.Equal(all[0, 4, 42].ToSingle(), logp[0, 1].ToSingle(), 1e-5);
    }
}
