using R1Omni.Checkpoints;
using R1Omni.Generation;
using R1Omni.Models.Common;
using R1Omni.Models.Qwen2;
using static TorchSharp.torch;

namespace R1Omni.Tests.Models;

/// <summary>
/// The fused decoding step (<see cref="Qwen2DecodeStep"/>) against libtorch's forward and the Python reference: fp32
/// logits within 1e-4 of transformers at every position of the parity case, and of libtorch's own decode step on
/// left-padded batches, with and without a sliding window; bf16 within a stated bound of libtorch's bf16 step; greedy
/// and sampled tokens identical to the libtorch path's.
/// </summary>
[Collection(nameof(ProcessWideSettings))]
public class Qwen2DecodeStepTests
{
    const double Fp32Tolerance = 1e-4;

    [Fact]
    public void Fp32LogitsMatchTheReferenceAtEveryPositionOfTheParityCase()
    {
        if (!GemvKernel.Supported) return; // the step needs AVX-512; elsewhere decoding goes through libtorch
        string folder = TestPaths.Fixture("parity", "qwen2");
        using var model = Qwen2ForCausalLM.FromPretrained(folder);
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        using var inputs = SafetensorsFile.Open(Path.Combine(folder, "inputs.safetensors"));
        using var reference = SafetensorsFile.Open(Path.Combine(folder, "expected.safetensors"));
        var ids = inputs.Load("input_ids");
        var expected = reference.Load("logits");                                          // [B, L, V]
        long b = ids.shape[0], l = ids.shape[1];
        // Prefill the first token through libtorch, then feed the rest one at a time through the fused step.
        using var cache = model.NewCache(b, l);
        var first = model.Forward(model.Embed(ids.narrow(1, 0, 1)), cache: cache);
        Assert.True((first - expected.narrow(1, 0, 1)).abs().max().item<float>() <= Fp32Tolerance);
        using var step = model.NewDecodeStep(cache, ones(b, 1, dtype: ScalarType.Int64));
        Assert.NotNull(step);
        var data = ids.data<long>().ToArray();
        double worst = 0;
        for (long t = 1; t < l; t++)
        {
            var tokens = Enumerable.Range(0, (int)b).Select(r => (int)data[r * l + t]).ToArray();
            var logits = step!.Forward(tokens);
            worst = Math.Max(worst, (logits - expected.narrow(1, t, 1)).abs().max().item<float>());
        }
        Assert.True(worst <= Fp32Tolerance, $"max |Δlogits| = {worst:E2} over {l - 1} fused steps");
    }

    [Theory]
    [InlineData(ScalarType.Float32, null)]
    [InlineData(ScalarType.Float32, 4)]
    [InlineData(ScalarType.BFloat16, null)]
    public void StepsOfALeftPaddedBatchMatchLibtorchs(ScalarType dtype, int? slidingWindow)
    {
        if (!GemvKernel.Supported) return;
        var config = TinyQwen2.Config() with { SlidingWindow = slidingWindow };
        using var model = new Qwen2ForCausalLM(config, dtype);
        model.InitWeights(3, std: 0.2);
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        // Three prompts of 5, 3 and 1 tokens, left-padded to 5.
        long[,] ids = { { 5, 17, 33, 8, 61 }, { 0, 0, 22, 9, 40 }, { 0, 0, 0, 0, 71 } };
        long[,] pad = { { 1, 1, 1, 1, 1 }, { 0, 0, 1, 1, 1 }, { 0, 0, 0, 0, 1 } };
        var idsT = tensor(ids);
        var mask = tensor(pad);
        const int steps = 8;
        using var viaTorch = model.NewCache(3, 5 + steps);
        using var viaStep = model.NewCache(3, 5 + steps);
        var prefill = model.Forward(model.Embed(idsT), mask, AttentionMasks.PositionIds(mask), viaTorch, keepLast: 1);
        model.Forward(model.Embed(idsT), mask, AttentionMasks.PositionIds(mask), viaStep, keepLast: 1);
        using var step = model.NewDecodeStep(viaStep, mask)!;
        var torchMask = mask;
        var next = prefill.select(1, 0).argmax(-1).data<long>().Select(v => (int)v).ToArray();
        double worst = 0, scale = 0;
        int agree = 0;
        for (int s = 0; s < steps; s++)
        {
            torchMask = cat([torchMask, ones(3, 1, dtype: ScalarType.Int64)], 1);
            var expected = model.Forward(model.Embed(tensor(next.Select(v => (long)v).ToArray()).view(3, 1)), torchMask,
                                         torchMask.sum(1, keepdim: true).sub(1), viaTorch, keepLast: 1);
            var got = step.Forward(next);
            worst = Math.Max(worst, (got - expected).abs().max().item<float>());
            scale = Math.Max(scale, expected.abs().max().item<float>());
            var e = expected.select(1, 0).argmax(-1).data<long>().Select(v => (int)v).ToArray();
            var g = got.select(1, 0).argmax(-1).data<long>().Select(v => (int)v).ToArray();
            agree += e.Zip(g).Count(p => p.First == p.Second);
            next = e; // both continue with libtorch's choice, so one differing argmax cannot derail the comparison
        }
        if (dtype == ScalarType.Float32)
        {
            Assert.True(worst <= Fp32Tolerance, $"max |Δlogits| = {worst:E2}");
            Assert.Equal(3 * steps, agree);
        }
        else
        {
            // bf16 carries 8 significant bits; the step rounds where libtorch does but sums in another order, so a
            // rounding can go the other way and propagate. Stated bound: 2 % of the largest logit, and at least 90 %
            // of the argmax tokens unchanged.
            Assert.True(worst <= 0.02 * scale, $"bf16 max |Δlogits| = {worst:F4} against |logits| up to {scale:F2}");
            Assert.True(agree >= 0.9 * 3 * steps, $"bf16 argmax agreement {agree} of {3 * steps}");
        }
        Assert.Equal(5 + steps, viaStep.Length);
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.BFloat16)]
    public void GenerationThroughTheStepEqualsGenerationThroughLibtorch(ScalarType dtype)
    {
        if (!GemvKernel.Supported) return;
        using var model = TinyQwen2.Model(seed: 11, dtype: dtype);
        var options = new GenerationOptions { MaxNewTokens = 12, DoSample = true, Temperature = 1.0, TopK = 20, TopP = 0.95, Seed = 99 };
        int[][] prompts = [[5, 17, 33, 8], [50, 51], [7]];
        var fused = GenerationEngine.Generate(model, prompts, options);
        var greedyFused = GenerationEngine.Generate(model, prompts, options with { DoSample = false });
        GenerationResult torch, greedyTorch;
        Qwen2DecodeStep.Enabled = false;
        try
        {
            torch = GenerationEngine.Generate(model, prompts, options);
            greedyTorch = GenerationEngine.Generate(model, prompts, options with { DoSample = false });
        }
        finally { Qwen2DecodeStep.Enabled = true; }
        if (dtype == ScalarType.Float32)
        {
            Assert.Equal(torch.Tokens, fused.Tokens);
            Assert.Equal(greedyTorch.Tokens, greedyFused.Tokens);
        }
        else
        {
            // bf16: the first token comes from the shared prefill; the rest may part where a rounding differs.
            int same = greedyTorch.Tokens.Zip(greedyFused.Tokens).Sum(p => p.First.Zip(p.Second).TakeWhile(t => t.First == t.Second).Count());
            Assert.True(same >= 0.75 * greedyTorch.TotalNewTokens, $"bf16: {same} of {greedyTorch.TotalNewTokens} greedy tokens before the paths part");
        }
    }

    [Fact]
    public void DeclinesWhatItDoesNotHandle()
    {
        using var model = TinyQwen2.Model();
        using var mask = ones(1, 0, dtype: ScalarType.Int64);
        using (var cache = model.NewCache(1, 4))
            Assert.Null(model.NewDecodeStep(cache, mask));                         // autograd on
        using var _ = inference_mode();
        using (var differentiable = KVCache.Differentiable(model.NumLayers))
            Assert.Null(model.NewDecodeStep(differentiable, mask));                // the cache must be preallocated
        using (var cache = model.NewCache(1, 4))
            Assert.Null(model.NewDecodeStep(cache, ones(2, 0, dtype: ScalarType.Int64))); // mask rows ≠ cache rows
    }
}
