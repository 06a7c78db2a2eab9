using System.Runtime.InteropServices;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Models.Common;

/// <summary>
/// Matrix-vector products with bf16 weights for decoding (a few rows at a time) on AVX-512 CPUs. libtorch 2.10's
/// bf16 linear reaches only about half the memory bandwidth at these shapes (measured: 0.33 ms for a 4864×896
/// projection and 11.9 ms for the 151936×896 LM head at one row, against 0.18 ms and 5.7 ms here), and decoding is
/// bound by reading the weights. Accumulates in fp32 and rounds the result to bf16 as libtorch does.
/// </summary>
public static class Bf16Gemv
{
    /// <summary>At most this many activation rows (one block of <see cref="GemvKernel"/>) go through the kernel; more go to libtorch's GEMM.</summary>
    public const int MaxRows = GemvKernel.BlockRows;

    public static bool Supported => GemvKernel.Supported;

    /// <summary>
    /// y = x·Wᵀ (+ b) through the kernel when it applies (CPU, bf16, contiguous, ≤ <see cref="MaxRows"/> rows, no
    /// autograd); null otherwise, so the caller falls back to libtorch. The result is bf16, or fp32 when
    /// <paramref name="fp32Output"/> (the LM head, whose logits are wanted in fp32).
    /// </summary>
    public static Tensor? TryLinear(Tensor x, Tensor weight, Tensor? bias, bool fp32Output = false)
    {
        if (Products(x, [weight], [bias]) is not { } y) return null;
        return Output(x, y[0], (int)weight.shape[0], fp32Output);
    }

    /// <summary>Several projections of the same input in one pass (e.g. q, k and v); null when the kernel does not apply.</summary>
    public static Tensor[]? TryLinears(Tensor x, Tensor[] weights, Tensor?[] biases)
    {
        if (Products(x, weights, biases) is not { } y) return null;
        return y.Select((ys, i) => Output(x, ys, (int)weights[i].shape[0], fp32Output: false)).ToArray();
    }

    /// <summary>SwiGLU's inner activation silu(x·Gᵀ) ⊙ (x·Uᵀ) in one pass, rounded once to bf16; null when the kernel does not apply.</summary>
    public static Tensor? TrySwiGlu(Tensor x, Tensor gate, Tensor up)
    {
        if (Products(x, [gate, up], [null, null]) is not { } y) return null;
        float[] g = y[0], u = y[1];
        for (int k = 0; k < g.Length; k++) g[k] = g[k] / (1f + MathF.Exp(-g[k])) * u[k];
        return Output(x, g, (int)gate.shape[0], fp32Output: false);
    }

    static bool Applies(Tensor x, Tensor[] weights, Tensor?[] biases)
    {
        if (!Supported || x.device_type != TorchSharp.DeviceType.CPU || x.dtype != ScalarType.BFloat16 || !x.is_contiguous()) return false;
        bool grad = is_grad_enabled() && x.requires_grad;
        for (int i = 0; i < weights.Length; i++)
        {
            var (w, b) = (weights[i], biases[i]);
            if (w.device_type != TorchSharp.DeviceType.CPU || w.dtype != ScalarType.BFloat16 || w.dim() != 2 || !w.is_contiguous() ||
                w.shape[1] != x.shape[^1] || (b is not null && (b.dtype != ScalarType.BFloat16 || !b.is_contiguous()))) return false;
            grad |= is_grad_enabled() && (w.requires_grad || b?.requires_grad == true);
        }
        long rows = x.NumberOfElements / x.shape[^1];
        return !grad && rows is >= 1 and <= MaxRows;
    }

    /// <summary>fp32 results [rows · out] per weight (biases added), or null when the kernel does not apply.</summary>
    static float[][]? Products(Tensor x, Tensor[] weights, Tensor?[] biases)
    {
        if (!Applies(x, weights, biases)) return null;
        int inFeatures = (int)x.shape[^1], rows = (int)(x.NumberOfElements / inFeatures);
        // libtorch's fp32↔bf16 casts cost milliseconds at vocabulary size, so conversions happen here.
        var xs = new float[rows * inFeatures];
        var xBits = MemoryMarshal.Cast<byte, ushort>(x.bytes);
        for (int k = 0; k < xBits.Length; k++) xs[k] = Bf16(xBits[k]);
        var ys = weights.Select(w => new float[rows * w.shape[0]]).ToArray();
        Multiply(weights, biases, xs, rows, ys);
        return ys;
    }

    static Tensor Output(Tensor x, float[] y, int outFeatures, bool fp32Output)
    {
        long[] shape = [.. x.shape[..^1], outFeatures];
        var result = empty(shape, dtype: fp32Output ? ScalarType.Float32 : ScalarType.BFloat16);
        if (fp32Output) y.CopyTo(MemoryMarshal.Cast<byte, float>(result.bytes));
        else
        {
            var dst = MemoryMarshal.Cast<byte, ushort>(result.bytes);
            for (int k = 0; k < y.Length; k++) dst[k] = ToBf16(y[k]);
        }
        return result;
    }

    /// <summary>fp32 → bf16 with round-to-nearest-even, NaN kept a (quiet) NaN, as libtorch rounds.</summary>
    public static ushort ToBf16(float f)
    {
        uint bits = BitConverter.SingleToUInt32Bits(f);
        if (float.IsNaN(f)) return 0x7FC0;
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }

    // One parallel pass over all weights, biases added (GemvKernel); the results are pinned while it writes them.
    static unsafe void Multiply(Tensor[] weights, Tensor?[] biases, float[] x, int rows, float[][] ys)
    {
        var handles = ys.Select(y => GCHandle.Alloc(y, GCHandleType.Pinned)).ToArray();
        try
        {
            var projections = weights.Select((w, i) => new GemvKernel.Projection(TensorData.Address(w), biases[i] is { } b ? TensorData.Address(b) : 0, (int)w.shape[0], Bf16: true, handles[i].AddrOfPinnedObject())).ToArray();
            fixed (float* xp = x) GemvKernel.Run(projections, xp, (int)weights[0].shape[1], rows);
        }
        finally
        {
            foreach (var h in handles) h.Free();
        }
    }

    static float Bf16(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);
}
