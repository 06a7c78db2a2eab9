using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
    /// <summary>At most this many activation rows go through the kernel; beyond it libtorch's GEMM is faster.</summary>
    public const int MaxRows = 4;

    public static bool Supported => Avx512F.IsSupported && Avx512BW.IsSupported;

    /// <summary>Threads the kernel splits its rows over.</summary>
    public static int Threads { get; set; } = Environment.ProcessorCount;

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
        var xs = new float[MaxRows * inFeatures]; // rows past `rows` stay zero for the 4-row kernel
        var xBits = MemoryMarshal.Cast<byte, ushort>(x.bytes);
        for (int k = 0; k < xBits.Length; k++) xs[k] = Bf16(xBits[k]);
        var ys = weights.Select(w => new float[rows * w.shape[0]]).ToArray();
        Multiply(weights, xs, rows, ys);
        for (int i = 0; i < weights.Length; i++)
        {
            if (biases[i] is not { } bias) continue;
            var bBits = MemoryMarshal.Cast<byte, ushort>(bias.bytes);
            int outFeatures = bBits.Length;
            for (int k = 0; k < ys[i].Length; k++) ys[i][k] += Bf16(bBits[k % outFeatures]);
        }
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
    static ushort ToBf16(float f)
    {
        uint bits = BitConverter.SingleToUInt32Bits(f);
        if (float.IsNaN(f)) return 0x7FC0;
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }

    /// <summary>All weights' rows split evenly over the threads in one parallel pass.</summary>
    static unsafe void Multiply(Tensor[] weights, float[] x, int rows, float[][] ys)
    {
        int n = weights.Length, inFeatures = (int)weights[0].shape[1];
        var wPtr = new nint[n];
        var yHandles = new GCHandle[n];
        var starts = new int[n + 1];
        try
        {
            for (int i = 0; i < n; i++)
            {
                wPtr[i] = DataPointer(weights[i]);
                yHandles[i] = GCHandle.Alloc(ys[i], GCHandleType.Pinned);
                starts[i + 1] = starts[i] + (int)weights[i].shape[0];
            }
            fixed (float* xp = x)
            {
                float* xs = xp;
                int total = starts[n], threads = Math.Max(1, Threads);
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
                {
                    int g0 = (int)((long)total * part / threads), g1 = (int)((long)total * (part + 1) / threads);
                    for (int i = 0; i < n; i++)
                    {
                        int r0 = Math.Max(g0, starts[i]) - starts[i], r1 = Math.Min(g1, starts[i + 1]) - starts[i];
                        if (r0 >= r1) continue;
                        ushort* w = (ushort*)wPtr[i];
                        float* y = (float*)yHandles[i].AddrOfPinnedObject();
                        int outFeatures = starts[i + 1] - starts[i];
                        if (rows == 1) Rows1(w, xs, inFeatures, y, r0, r1);
                        else Rows4(w, xs, inFeatures, y, r0, r1, outFeatures, rows);
                    }
                });
            }
        }
        finally
        {
            foreach (var h in yHandles) if (h.IsAllocated) h.Free();
        }
    }

    /// <summary>The address of a contiguous CPU tensor's data: native memory, so it stays valid while the tensor lives.</summary>
    static unsafe nint DataPointer(Tensor t)
    {
        fixed (byte* p = t.bytes) return (nint)p;
    }

    // bf16 → fp32 is a 16-bit left shift of the bit pattern.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Low(Vector512<ushort> raw) => Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(raw.GetLower()), 16).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> High(Vector512<ushort> raw) => Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(raw.GetUpper()), 16).AsSingle();
    static float Bf16(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Rows1(ushort* weights, float* x, int n, float* y, int r0, int r1)
    {
        for (int r = r0; r < r1; r++)
        {
            ushort* w = weights + (long)r * n;
            Vector512<float> a0 = Vector512<float>.Zero, a1 = Vector512<float>.Zero;
            int c = 0;
            for (; c + 32 <= n; c += 32)
            {
                var raw = Vector512.Load(w + c);
                a0 = Avx512F.FusedMultiplyAdd(Low(raw), Vector512.Load(x + c), a0);
                a1 = Avx512F.FusedMultiplyAdd(High(raw), Vector512.Load(x + c + 16), a1);
            }
            float s = Vector512.Sum(a0 + a1);
            for (; c < n; c++) s += Bf16(w[c]) * x[c];
            y[r] = s;
        }
    }

    /// <summary>Each weight row against four activation rows: the weights are read once for all of them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Rows4(ushort* weights, float* x, int n, float* y, int r0, int r1, int outFeatures, int rows)
    {
        float* x0 = x, x1 = x + n, x2 = x + 2 * n, x3 = x + 3 * n;
        for (int r = r0; r < r1; r++)
        {
            ushort* w = weights + (long)r * n;
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            int c = 0;
            for (; c + 32 <= n; c += 32)
            {
                var raw = Vector512.Load(w + c);
                Vector512<float> lo = Low(raw), hi = High(raw);
                a0 = Avx512F.FusedMultiplyAdd(hi, Vector512.Load(x0 + c + 16), Avx512F.FusedMultiplyAdd(lo, Vector512.Load(x0 + c), a0));
                a1 = Avx512F.FusedMultiplyAdd(hi, Vector512.Load(x1 + c + 16), Avx512F.FusedMultiplyAdd(lo, Vector512.Load(x1 + c), a1));
                a2 = Avx512F.FusedMultiplyAdd(hi, Vector512.Load(x2 + c + 16), Avx512F.FusedMultiplyAdd(lo, Vector512.Load(x2 + c), a2));
                a3 = Avx512F.FusedMultiplyAdd(hi, Vector512.Load(x3 + c + 16), Avx512F.FusedMultiplyAdd(lo, Vector512.Load(x3 + c), a3));
            }
            float s0 = Vector512.Sum(a0), s1 = Vector512.Sum(a1), s2 = Vector512.Sum(a2), s3 = Vector512.Sum(a3);
            for (; c < n; c++)
            {
                float wc = Bf16(w[c]);
                s0 += wc * x0[c]; s1 += wc * x1[c]; s2 += wc * x2[c]; s3 += wc * x3[c];
            }
            y[r] = s0;
            if (rows > 1) y[outFeatures + r] = s1;
            if (rows > 2) y[2L * outFeatures + r] = s2;
            if (rows > 3) y[3L * outFeatures + r] = s3;
        }
    }
}
