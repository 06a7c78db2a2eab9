using R1Omni.Generation;
using R1Omni.Models.Common;
using static TorchSharp.torch;

namespace R1Omni.Tests.Models;

/// <summary>KV-cache decoding equals full recomputation (fp32) for batched, left-padded inputs.</summary>
public class KVCacheEquivalenceTests
{
    const double Tolerance = 2e-5;
    static readonly int[][] Prompts = [[5, 17, 33, 8, 61, 22, 9], [44, 3, 70], [12, 90, 7, 7, 31]];

    static (Tensor ids, Tensor mask) LeftPad(int[][] rows, int pad = 0)
    {
        int n = rows.Max(r => r.Length);
        var ids = new long[rows.Length, n];
        var mask = new long[rows.Length, n];
        for (int b = 0; b < rows.Length; b++)
            for (int j = 0; j < n; j++)
            {
                int k = j - (n - rows[b].Length);
                ids[b, j] = k >= 0 ? rows[b][k] : pad;
                mask[b, j] = k >= 0 ? 1 : 0;
            }
        return (tensor(ids), tensor(mask));
    }

    [Fact]
    public void StepwiseCachedLogitsEqualFullForward()
    {
        using var model = TinyQwen2.Model(seed: 3);
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        int[][] continuation = [[4, 55, 18, 2], [9, 9, 60, 71], [30, 1, 46, 13]];
        // Left padding must be computed on the prompt; continuation tokens are appended to the right of every row.
        var (pids, pmask) = LeftPad(Prompts);
        var cids = tensor(continuation.Select(r => r.Select(v => (long)v).ToArray()).SelectMany(r => r).ToArray()).view(3, 4);
        var ids = cat([pids, cids], 1);
        var mask = cat([pmask, ones_like(cids)], 1);
        var reference = model.Forward(model.Embed(ids), mask, AttentionMasks.PositionIds(mask));

        using var cache = model.NewCache(3, ids.shape[1]);
        long p = pids.shape[1];
        var prefill = model.Forward(model.Embed(pids), pmask, AttentionMasks.PositionIds(pmask), cache);
        for (int b = 0; b < Prompts.Length; b++)
        {
            // Queries at padded positions attend to nothing real; their outputs are ignored (as in HF).
            long pad = p - Prompts[b].Length;
            AssertClose(reference[b].narrow(0, pad, p - pad), prefill[b].narrow(0, pad, p - pad), $"prefill row {b}");
        }
        for (int t = 0; t < 4; t++)
        {
            var stepMask = mask.narrow(1, 0, p + t + 1);
            var pos = AttentionMasks.PositionIds(stepMask).narrow(1, p + t, 1);
            var step = model.Forward(model.Embed(cids.narrow(1, t, 1)), stepMask, pos, cache);
            AssertClose(reference.narrow(1, p + t, 1), step, $"step {t}");
        }
    }

    [Fact]
    public void LeftPaddedRowsDecodeAsIfAlone()
    {
        using var model = TinyQwen2.Model(seed: 5);
        var options = new GenerationOptions { MaxNewTokens = 6 };
        var batched = GenerationEngine.Generate(model, Prompts, options);
        for (int b = 0; b < Prompts.Length; b++)
            Assert.Equal(GenerationEngine.Generate(model, [Prompts[b]], options).Tokens[0], batched.Tokens[b]);
    }

    [Fact]
    public void GreedyEngineEqualsArgmaxOfFullRecomputation()
    {
        using var model = TinyQwen2.Model(seed: 7);
        var result = GenerationEngine.Generate(model, [Prompts[0]], new GenerationOptions { MaxNewTokens = 8 });
        var seq = Prompts[0].ToList();
        using var _ = inference_mode();
        for (int i = 0; i < 8; i++)
        {
            using var scope = NewDisposeScope();
            var logits = model.Forward(model.Embed(tensor(seq.Select(v => (long)v).ToArray()).unsqueeze(0)));
            seq.Add((int)logits[0, -1].argmax().item<long>());
        }
        Assert.Equal(seq.Skip(Prompts[0].Length).ToArray(), result.Tokens[0]);
    }

    static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        double diff = (expected - actual).abs().max().item<float>();
        Assert.True(diff <= Tolerance, $"{what}: max |Δ| = {diff:E2}");
    }
}
