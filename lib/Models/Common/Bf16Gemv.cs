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

    /// <summary>
    /// y = x·Wᵀ (+ b) through the kernel when it applies (CPU, bf16, contiguous, ≤ <see cref="MaxRows"/> rows, no
    /// autograd); null otherwise, so the caller falls back to libtorch. The result is bf16, or fp32 when
    /// <paramref name="fp32Output"/> (the LM head, whose logits are wanted in fp32).
    /// </summary>
    public static Tensor? TryLinear(Tensor x, Tensor weight, Tensor? bias, bool fp32Output = false)
    {
        if (!Supported || weight.device_type != TorchSharp.DeviceType.CPU || x.device_type != TorchSharp.DeviceType.CPU ||
            weight.dtype != ScalarType.BFloat16 || x.dtype != ScalarType.BFloat16 || weight.dim() != 2 ||
            !weight.is_contiguous() || !x.is_contiguous() || (bias is not null && (bias.dtype != ScalarType.BFloat16 || !bias.is_contiguous()))) return null;
        if (is_grad_enabled() && (weight.requires_grad || x.requires_grad || bias?.requires_grad == true)) return null;
        long inFeatures = weight.shape[1], outFeatures = weight.shape[0];
        if (x.shape[^1] != inFeatures) return null;
        long rows = x.NumberOfElements / inFeatures;
        if (rows < 1 || rows > MaxRows) return null;

        // libtorch's fp32↔bf16 casts cost milliseconds at vocabulary size, so conversions happen here.
        var xs = new float[MaxRows * inFeatures]; // rows past `rows` stay zero for the 4-row kernel
        var xBits = MemoryMarshal.Cast<byte, ushort>(x.bytes);
        for (int k = 0; k < xBits.Length; k++) xs[k] = Bf16(xBits[k]);
        var y = new float[rows * outFeatures];
        Multiply(weight, xs, (int)rows, y);
        if (bias is not null)
        {
            var bBits = MemoryMarshal.Cast<byte, ushort>(bias.bytes);
            for (long k = 0; k < y.Length; k++) y[k] += Bf16(bBits[(int)(k % outFeatures)]);
        }
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

    static unsafe void Multiply(Tensor weight, float[] x, int rows, float[] y)
    {
        int outFeatures = (int)weight.shape[0], inFeatures = (int)weight.shape[1];
        int threads = Math.Max(1, get_num_threads());
        fixed (byte* wBytes = weight.bytes)
        fixed (float* xp = x)
        fixed (float* yp = y)
        {
            ushort* w = (ushort*)wBytes;
            float* xs = xp, ys = yp;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
            {
                int r0 = (int)((long)outFeatures * part / threads), r1 = (int)((long)outFeatures * (part + 1) / threads);
                if (rows == 1) Rows1(w, xs, inFeatures, ys, r0, r1);
                else Rows4(w, xs, inFeatures, ys, r0, r1, outFeatures, rows);
            });
        }
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
