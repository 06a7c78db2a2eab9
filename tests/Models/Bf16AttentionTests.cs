using R1Omni.Models.Common;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace R1Omni.Tests.Models;

// Switches Bf16Attention.Enabled, a process-wide setting.
[Collection(nameof(ProcessWideSettings))]
public class Bf16AttentionTests(ITestOutputHelper log)
{
    static Tensor Projection(Generator g, long b, long l, int heads, double scale) =>
        (randn(b, l, heads * 64, generator: g) * scale).to(ScalarType.BFloat16);

    // softmax(q·kᵀ/8)·v in fp32 from the same bf16 inputs: the reference both bf16 kernels are measured against.
    static Tensor Fp32Attention(Tensor q, Tensor k, Tensor v, int heads)
    {
        Tensor Split(Tensor t) => t.to(ScalarType.Float32).view(t.shape[0], t.shape[1], heads, 64).transpose(1, 2);
        var scores = Split(q).matmul(Split(k).transpose(-1, -2)) / 8.0;
        var o = scores.softmax(-1).matmul(Split(v));
        return o.transpose(1, 2).reshape(q.shape[0], q.shape[1], heads * 64);
    }

    /// <summary>
    /// Against fp32 attention of the same bf16 inputs, the native kernel's error stays within twice libtorch's bf16 SDPA's
    /// and under 1.5 % of the largest output, at lengths that fill no whole 16-query block or 64-key tile, peaked and flat scores.
    /// </summary>
    [Theory]
    [InlineData(2, 77, 3, 1.0)]
    [InlineData(1, 300, 2, 3.0)]
    [InlineData(1, 1500, 1, 1.0)]
    public void StaysAsCloseToFp32AsLibtorchsSdpa(int batch, int length, int heads, double spread)
    {
        if (!NativeKernels.Available) { Assert.Null(Bf16Attention.TryAttend(zeros(1, 16, 64, dtype: ScalarType.BFloat16), zeros(1, 16, 64, dtype: ScalarType.BFloat16), zeros(1, 16, 64, dtype: ScalarType.BFloat16), 1)); return; }
        using var _ = no_grad();
        var g = new Generator((ulong)(31 + length));
        var q = Projection(g, batch, length, heads, spread);
        var k = Projection(g, batch, length, heads, spread);
        var v = Projection(g, batch, length, heads, 1.0);
        var reference = Fp32Attention(q, k, v, heads);
        var ours = Bf16Attention.TryAttend(q, k, v, heads);
        Assert.NotNull(ours);
        Assert.Equal(ScalarType.BFloat16, ours!.dtype);
        Tensor Split(Tensor t) => t.view(batch, length, heads, 64).transpose(1, 2);
        var sdpa = nn.functional.scaled_dot_product_attention(Split(q), Split(k), Split(v)).transpose(1, 2).reshape(batch, length, heads * 64);
        double oursError = (ours.to(ScalarType.Float32) - reference).abs().max().item<float>();
        double sdpaError = (sdpa.to(ScalarType.Float32) - reference).abs().max().item<float>();
        double largest = reference.abs().max().item<float>();
        log.WriteLine($"max |Δ| against fp32: native {oursError:E2}, libtorch SDPA {sdpaError:E2}, largest |output| {largest:F3}");
        Assert.True(oursError <= 2 * sdpaError, $"native {oursError:E2} against SDPA's {sdpaError:E2}");
        Assert.True(oursError <= 0.015 * largest, $"native {oursError:E2} against largest |output| {largest:F3}");
    }

    [Fact]
    public void StandsAsideWhereItDoesNotApply()
    {
        var g = new Generator(5);
        var q = Projection(g, 1, 20, 2, 1.0);
        Assert.Null(Bf16Attention.TryAttend(q.to(ScalarType.Float32), q.to(ScalarType.Float32), q.to(ScalarType.Float32), 2));   // fp32: the parity path
        Assert.Null(Bf16Attention.TryAttend(q, q, q, 4));                                                                          // head size 32
        Assert.Null(Bf16Attention.TryAttend(q, q, q.narrow(1, 0, 10), 2));
        using (var leaf = q.clone().requires_grad_(true)) Assert.Null(Bf16Attention.TryAttend(leaf, q, q, 2));                   // autograd: SDPA's graph
        Bf16Attention.Enabled = false;
        try { Assert.Null(Bf16Attention.TryAttend(q, q, q, 2)); }
        finally { Bf16Attention.Enabled = true; }
        Assert.Equal(NativeKernels.Available, Bf16Attention.TryAttend(q, q, q, 2) is not null);
    }
}
