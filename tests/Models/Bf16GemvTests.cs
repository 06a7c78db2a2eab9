using R1Omni.Models.Common;
using static TorchSharp.torch;

namespace R1Omni.Tests.Models;

public class Bf16GemvTests
{
    [Theory]
    [InlineData(1, 70, 37)]   // a column count that is not a multiple of 32 exercises the scalar tail
    [InlineData(3, 128, 96)]
    [InlineData(4, 33, 200)]
    public void MatchesLibtorchLinearWithinBf16Rounding(int rows, int inFeatures, int outFeatures)
    {
        if (!Bf16Gemv.Supported) return; // the kernel needs AVX-512; elsewhere libtorch runs and nothing is to compare
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var gen = new TorchSharp.torch.Generator(5);
        var w = randn(outFeatures, inFeatures, generator: gen).to(ScalarType.BFloat16);
        var b = randn(outFeatures, generator: gen).to(ScalarType.BFloat16);
        var x = randn(1, rows, inFeatures, generator: gen).to(ScalarType.BFloat16);
        var got = Bf16Gemv.TryLinear(x, w, b);
        Assert.NotNull(got);
        Assert.Equal(new long[] { 1, rows, outFeatures }, got!.shape);
        Assert.Equal(ScalarType.BFloat16, got.dtype);
        // Both accumulate in fp32 and round to bf16 (relative step 2^-8); summation order differs.
        var reference = x.to(ScalarType.Float32).matmul(w.to(ScalarType.Float32).t()) + b.to(ScalarType.Float32);
        var err = (got.to(ScalarType.Float32) - reference).abs();
        var bound = reference.abs() * (1.0 / 128) + 1e-3;
        Assert.True(err.le(bound).all().item<bool>(), $"max error {err.max().item<float>()}");
    }

    [Fact]
    public void FusedProjectionsAndSwiGluMatchTheirUnfusedForms()
    {
        if (!Bf16Gemv.Supported) return;
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var gen = new TorchSharp.torch.Generator(9);
        var x = randn(1, 2, 64, generator: gen).to(ScalarType.BFloat16);
        var w1 = randn(48, 64, generator: gen).to(ScalarType.BFloat16);
        var w2 = randn(16, 64, generator: gen).to(ScalarType.BFloat16);
        var b2 = randn(16, generator: gen).to(ScalarType.BFloat16);
        var fused = Bf16Gemv.TryLinears(x, [w1, w2], [null, b2])!;
        Assert.True(fused[0].equal(Bf16Gemv.TryLinear(x, w1, null)!).all().item<bool>());
        Assert.True(fused[1].equal(Bf16Gemv.TryLinear(x, w2, b2)!).all().item<bool>());

        var swiglu = Bf16Gemv.TrySwiGlu(x, w1, w1)!.to(ScalarType.Float32);
        var g = x.to(ScalarType.Float32).matmul(w1.to(ScalarType.Float32).t());
        var reference = nn.functional.silu(g) * g;
        var err = (swiglu - reference).abs();
        Assert.True(err.le(reference.abs() * (1.0 / 128) + 1e-2).all().item<bool>(), $"max error {err.max().item<float>()}");
    }

    [Fact]
    public void DeclinesWhatItDoesNotHandle()
    {
        using var scope = NewDisposeScope();
        var w = randn(8, 16).to(ScalarType.BFloat16);
        Assert.Null(Bf16Gemv.TryLinear(randn(1, 16), w, null));                                   // fp32 activations
        Assert.Null(Bf16Gemv.TryLinear(randn(Bf16Gemv.MaxRows + 1, 16).to(ScalarType.BFloat16), w, null)); // too many rows: GEMM
        Assert.Null(Bf16Gemv.TryLinear(randn(1, 16).to(ScalarType.BFloat16), randn(16, 8).to(ScalarType.BFloat16).t(), null)); // not contiguous
        var trainable = randn(8, 16).to(ScalarType.BFloat16).requires_grad_(true);
        Assert.Null(Bf16Gemv.TryLinear(randn(1, 16).to(ScalarType.BFloat16), trainable, null));     // autograd needs libtorch
    }
}
