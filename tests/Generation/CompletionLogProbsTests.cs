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

    /// <summary>The chunked backward with the head's gradient formed by hand gives autograd's gradients of the whole loss,
    /// for a tied and an untied head, with masked positions left out.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ChunkedBackwardEqualsAutogradOfTheWholeLoss(bool tie)
    {
        using var model = TinyQwen2.Model(seed: 7, tie: tie);
        long[] prompt = [3, 14, 15, 92, 65];
        var ids = tensor(new long[,] { { 7, 9, 2, 2 }, { 11, 13, 17, 19 } });
        var mask = tensor(new float[,] { { 1, 1, 1, 0 }, { 1, 1, 1, 1 } });
        var weights = tensor(new float[,] { { 0.5f, -1, 2, 9 }, { 1, 0.25f, -0.5f, 1 } });
        var parameters = model.named_parameters().ToList();

        Dictionary<string, float[]> Grads(bool chunked)
        {
            foreach (var (_, p) in parameters) p.grad = null;
            using var scope = NewDisposeScope();
            var promptEmbeds = model.Embed(tensor(prompt).unsqueeze(0));
            var hidden = CompletionLogProbs.Hidden(model, promptEmbeds, null, ids, [0, 0]);
            if (chunked)
                CompletionLogProbs.Backward(model, hidden, ids, mask, (logp, idx, _) =>
                    (logp.exp() * weights.flatten().index_select(0, idx)).sum(), chunk: 3);   // 7 positions: chunks of 3, 3, 1
            else
            {
                var (logp, _) = CompletionLogProbs.Head(model, hidden, ids, null, withEntropy: false);
                (logp.exp() * weights * mask).sum().backward();
            }
            return parameters.Where(p => p.parameter.grad is not null).ToDictionary(p => p.name, p => p.parameter.grad!.flatten().data<float>().ToArray());
        }

        var whole = Grads(chunked: false);
        var chunked = Grads(chunked: true);
        Assert.Equal(whole.Keys.Order(), chunked.Keys.Order());
        Assert.Contains(tie ? "model.embed_tokens.weight" : "lm_head.weight", whole.Keys);
        foreach (var (name, a) in whole)
        {
            var b = chunked[name];
            Assert.Contains(a, v => v != 0);
            for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-5 + 1e-4 * Math.Abs(a[i]), $"{name}[{i}]: {a[i]} whole, {b[i]} chunked");
        }
    }
}
