using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Models.Common;

/// <summary>
/// The LM head's three fp32 matrix products in the log-prob passes over a chunk of n positions — the logits x·Wᵀ, the
/// hidden states' gradient g·W and the weight's gradient C + gᵀ·x (x [n, K], W [V, K], g [n, V]) — in managed AVX-512
/// code that sums every output in the order libtorch's CPU BLAS (MKL's sgemm) sums it for 12 to 64 rows: one chain of
/// fused multiply-adds per output along the shared dimension from zero; for g·W in blocks of 192 vocabulary entries,
/// the first block's sum stored and each later one added; for the weight's gradient the chain over the n rows added to
/// C once. So the results are libtorch's bit for bit. That order is MKL's choice on a given CPU, not a contract, so
/// each product is compared with libtorch's once per process and shape on random data (<see cref="Agreement"/>), and
/// a product that disagrees keeps libtorch's call.
/// Why: at the head's shapes (K = 64, V = 151,936, n = 41) sgemm ran at 40–70 GFLOP/s on the project's Zen 4 host, whose
/// cores each reach about 116 GFLOP/s of fp32 FMA; these passes read the weight in place, prefetched, and write the
/// logits past the caches.
/// </summary>
public static unsafe class Fp32Gemm
{
    /// <summary>Process-wide switch: false keeps every product on libtorch (benchmarks compare the two in one run).</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>Fewest rows: sgemm takes other paths below 12 (of 1–11 rows only 4 and 8 summed in this order on the project's host).</summary>
    public const int MinRows = 12;

    /// <summary>Most rows: the weight's gradient sums over the rows, and sgemm blocks longer sums differently.</summary>
    public const int MaxRows = 64;

    /// <summary>
    /// Fewest vocabulary entries: measured at Qwen2's 151,936, where the weight and the logits are far larger than the
    /// caches (the logits are written past them, non-temporally); small heads keep libtorch's call.
    /// </summary>
    public const int MinVocabulary = 32768;

    /// <summary>sgemm's block of the shared dimension in g·W.</summary>
    const int ReductionBlock = 192;

    /// <summary>Which of the three products agree with libtorch's bits at a shape (K, V) on this CPU.</summary>
    public readonly record struct Agreement(bool Linear, bool MatMul, bool AddTransposedMatMul);

    static readonly ConcurrentDictionary<(long K, long V, int Threads), Agreement> agreements = new();

    /// <summary>logits [..., V] = x [..., K]·Wᵀ for W [V, K] (fp32) here where it agrees with libtorch's and pays, else null.</summary>
    public static Tensor? TryLinear(Tensor x, Tensor weight)
    {
        if (weight.dim() != 2 || x.dim() < 1 || x.shape[^1] != weight.shape[1] || weight.shape[1] is not (64 or 128)) return null;
        long k = weight.shape[1], n = x.NumberOfElements / k;
        var flat = x.reshape(n, k);
        return Pays(n, weight.shape[0], flat, weight) && AgreementFor(weight).Linear ? Linear(flat, weight).view([.. x.shape[..^1], weight.shape[0]]) : null;
    }

    /// <summary>g [n, V]·W [V, K] (fp32) here where it agrees with libtorch's and pays, else null.</summary>
    public static Tensor? TryMatMul(Tensor g, Tensor weight) =>
        g.dim() == 2 && weight.dim() == 2 && g.shape[1] == weight.shape[0] && weight.shape[1] % 64 == 0 &&
        Pays(g.shape[0], weight.shape[0], g, weight) && AgreementFor(weight).MatMul ? MatMul(g, weight) : null;

    /// <summary>c [V, K] += gᵀ·x for g [n, V] and x [n, K] (fp32) here where it agrees with libtorch's and pays; else false, c untouched.</summary>
    public static bool TryAddTransposedMatMul(Tensor c, Tensor g, Tensor x)
    {
        if (c.dim() != 2 || g.dim() != 2 || x.dim() != 2 || g.shape[0] != x.shape[0] || g.shape[1] != c.shape[0] || x.shape[1] != c.shape[1] ||
            c.shape[1] % 64 != 0 || !Pays(g.shape[0], c.shape[0], c, g, x) || !AgreementFor(c).AddTransposedMatMul) return false;
        AddTransposedMatMul(c, g, x);
        return true;
    }

    /// <summary>Whether each product agrees with libtorch's for a weight of this shape [V, K] on this CPU (compared once per process and shape; none without AVX-512).</summary>
    public static Agreement AgreementFor(Tensor weight) =>
        agreements.GetOrAdd((weight.shape[1], weight.shape[0], get_num_threads()), key => Compare((int)key.K, (int)key.V));

    /// <summary>x [n, K]·Wᵀ for W [V, K], K 64 or 128, V a multiple of 16 (fp32, contiguous, CPU, AVX-512), always here.</summary>
    public static Tensor Linear(Tensor x, Tensor weight)
    {
        long n = x.shape[0], k = weight.shape[1], v = weight.shape[0];
        Check(x.dim() == 2 && x.shape[1] == k && k is 64 or 128 && v % 16 == 0, "x [n, 64 or 128]·Wᵀ with W [V, K], V a multiple of 16", x, weight);
        var y = empty(n, v, dtype: ScalarType.Float32);
        float* xp = (float*)TensorData.Address(x), wp = (float*)TensorData.Address(weight), yp = (float*)TensorData.Address(y);
        if (((nint)yp & 63) != 0) throw new InvalidOperationException("libtorch returned logits not aligned to 64 bytes (the non-temporal stores need whole lines)");
        if (k == 64) Linear<Width64>(xp, wp, yp, (int)n, (int)v);
        else Linear<Width128>(xp, wp, yp, (int)n, (int)v);
        return y;
    }

    /// <summary>g [n, V]·W [V, K], K a multiple of 64 (fp32, contiguous, CPU, AVX-512), always here.</summary>
    public static Tensor MatMul(Tensor g, Tensor weight)
    {
        long n = g.shape[0], v = weight.shape[0], k = weight.shape[1];
        Check(g.dim() == 2 && g.shape[1] == v && k % 64 == 0, "g [n, V]·W [V, K] with K a multiple of 64", g, weight);
        var y = empty(n, k, dtype: ScalarType.Float32);
        MatMul((float*)TensorData.Address(g), (float*)TensorData.Address(weight), (float*)TensorData.Address(y), (int)n, (int)v, (int)k);
        return y;
    }

    /// <summary>c [V, K] += gᵀ·x for g [n, V], x [n, K], K a multiple of 64 (fp32, contiguous, CPU, AVX-512), always here.</summary>
    public static void AddTransposedMatMul(Tensor c, Tensor g, Tensor x)
    {
        long n = g.shape[0], v = c.shape[0], k = c.shape[1];
        Check(g.dim() == 2 && x.dim() == 2 && g.shape[1] == v && x.shape[0] == n && x.shape[1] == k && k % 64 == 0,
              "c [V, K] += gᵀ·x with g [n, V], x [n, K], K a multiple of 64", c, g, x);
        AddTransposedMatMul((float*)TensorData.Address(c), (float*)TensorData.Address(g), (float*)TensorData.Address(x), (int)n, (int)v, (int)k);
    }

    static void Check(bool shapes, string expected, params Tensor[] operands)
    {
        if (!Avx512F.IsSupported) throw new PlatformNotSupportedException("Fp32Gemm needs AVX-512");
        if (!shapes || !operands.All(Plain) || operands.Any(t => t.NumberOfElements > int.MaxValue))
            throw new ArgumentException($"Fp32Gemm: expected {expected}, fp32 contiguous CPU tensors outside autograd; got " +
                                        string.Join(", ", operands.Select(t => $"[{string.Join(", ", t.shape)}] {t.dtype}")));
    }

    // Where the products go through here: enabled, AVX-512, rows within [MinRows, MaxRows], at least MinVocabulary
    // entries, whole 16-float vectors of them, every operand plain.
    static bool Pays(long n, long v, params Tensor[] operands) =>
        Enabled && Avx512F.IsSupported && n is >= MinRows and <= MaxRows && v >= MinVocabulary && v % 16 == 0 &&
        operands.All(t => Plain(t) && t.NumberOfElements <= int.MaxValue);

    static bool Plain(Tensor t) =>
        t.device_type == TorchSharp.DeviceType.CPU && t.dtype == ScalarType.Float32 && t.is_contiguous() && !(is_grad_enabled() && t.requires_grad);

    // Each product against libtorch's on random data of the weight's shape at rows 12, 13, 41 (the log-prob passes'
    // chunk at Qwen2's vocabulary) and 64; data from a private generator, so the caller's random streams are untouched.
    static Agreement Compare(int k, int v)
    {
        if (!Avx512F.IsSupported) return default;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var random = new Random(20250305);
        Tensor Uniform(long rows, long cols, float scale)
        {
            var data = new float[rows * cols];
            for (int i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1) * scale;
            return tensor(data, [rows, cols]);
        }
        var w = Uniform(v, k, 0.05f);
        var c = Uniform(v, k, 0.01f);
        bool linear = k is 64 or 128 && v % 16 == 0, matMul = k % 64 == 0, addT = matMul;
        foreach (int n in new[] { MinRows, 13, 41, MaxRows })
        {
            var x = Uniform(n, k, 1f);
            var g = Uniform(n, v, 1e-3f);
            linear = linear && SameBits(Linear(x, w), nn.functional.linear(x, w));
            matMul = matMul && SameBits(MatMul(g, w), g.mm(w));
            if (addT)
            {
                var ours = c.clone();
                AddTransposedMatMul(ours, g, x);
                addT = SameBits(ours, c.clone().addmm_(g.t(), x));
            }
        }
        return new Agreement(linear, matMul, addT);
    }

    static bool SameBits(Tensor a, Tensor b) => a.bytes.SequenceEqual(b.contiguous().bytes);

    // ---- logits: each output one FMA chain over the K inputs. Lanes are 16 rows (x transposed, zero-padded), so the
    // weight is read in place: a tile of 16 vocabulary entries (4–8 KB) stays in L1 while every row block passes over
    // it, and the 16 × 16 outputs are transposed in registers to be stored as rows.

    interface IWidth { static abstract int K { get; } }
    readonly struct Width64 : IWidth { public static int K => 64; }
    readonly struct Width128 : IWidth { public static int K => 128; }

    static void Linear<TW>(float* x, float* w, float* y, int n, int v) where TW : struct, IWidth
    {
        int k = TW.K, blocks = (n + 15) / 16, stride = blocks * 16;
        float* xt = (float*)NativeMemory.AlignedAlloc((nuint)((long)k * stride * sizeof(float)), 64);
        try
        {
            new Span<float>(xt, k * stride).Clear();
            for (int r = 0; r < n; r++)
                for (int c = 0; c < k; c++) xt[c * stride + r] = x[(long)r * k + c];
            nint xs = (nint)xt, ws = (nint)w, ys = (nint)y;
            ThreadRanges.Run(v / 16, (long)n * k * v, (t0, t1) =>
            {
                Vector512<float>* tile = stackalloc Vector512<float>[16];
                for (int t = t0; t < t1; t++)
                    for (int b = 0; b < blocks; b++)
                    {
                        LinearTile<TW>((float*)xs + b * 16, stride, (float*)ws + (long)t * 16 * k, tile);
                        StoreTransposed(tile, (float*)ys + (long)b * 16 * v + t * 16, v, Math.Min(16, n - b * 16));
                    }
                Sse.StoreFence();   // the non-temporal stores are visible before the caller reads the logits
            });
        }
        finally { NativeMemory.AlignedFree(xt); }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void LinearTile<TW>(float* xt, int stride, float* w, Vector512<float>* tile) where TW : struct, IWidth
    {
        int k = TW.K;
        Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        Vector512<float> a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        for (int c = 0; c < k; c++)
        {
            var xv = Vector512.Load(xt + c * stride);
            float* p = w + c;
            Sse.Prefetch0(w + 16 * k + c * 16);   // the next tile's k lines (one core: 13 against 29 ms per 41-row chunk without)
            a0 = Avx512F.FusedMultiplyAdd(xv, Vector512.Create(p[0]), a0);
            a1 = Avx512F.FusedMultiplyAdd(xv, Vector512.Create(p[k]), a1);
            a2 = Avx512F.FusedMultiplyAdd(xv, Vector512.Create(p[2 * k]), a2);
            a3 = Avx512F.FusedMultiplyAdd(xv, Vector512.Create(p[3 * k]), a3);
            a4 = Avx512F.FusedMultiplyAdd(xv, Vector512.Create(p[4 * k]), a4);
            a5 = Avx512F.FusedMultiplyAdd(xv, Vector512.Create(p[5 * k]), a5);
            a6 = Avx512F.FusedMultiplyAdd(xv, Vector512.Create(p[6 * k]), a6);
            a7 = Avx512F.FusedMultiplyAdd(xv, Vector512.Create(p[7 * k]), a7);
            a8 = Avx512F.FusedMultiplyAdd(xv, Vector512.Create(p[8 * k]), a8);
            a9 = Avx512F.FusedMultiplyAdd(xv, Vector512.Create(p[9 * k]), a9);
            a10 = Avx512F.FusedMultiplyAdd(xv, Vector512.Create(p[10 * k]), a10);
            a11 = Avx512F.FusedMultiplyAdd(xv, Vector512.Create(p[11 * k]), a11);
            a12 = Avx512F.FusedMultiplyAdd(xv, Vector512.Create(p[12 * k]), a12);
            a13 = Avx512F.FusedMultiplyAdd(xv, Vector512.Create(p[13 * k]), a13);
            a14 = Avx512F.FusedMultiplyAdd(xv, Vector512.Create(p[14 * k]), a14);
            a15 = Avx512F.FusedMultiplyAdd(xv, Vector512.Create(p[15 * k]), a15);
        }
        tile[0] = a0; tile[1] = a1; tile[2] = a2; tile[3] = a3; tile[4] = a4; tile[5] = a5; tile[6] = a6; tile[7] = a7;
        tile[8] = a8; tile[9] = a9; tile[10] = a10; tile[11] = a11; tile[12] = a12; tile[13] = a13; tile[14] = a14; tile[15] = a15;
    }

    /// <summary>
    /// tile[j] holds column j of a 16 × 16 block (lane r = row r); stores its first <paramref name="rows"/> rows at
    /// y + r·stride (64-byte aligned), non-temporally: the logits are far larger than the caches, and a line written
    /// whole needs no read first (per 41-row chunk of the head 7.8–10.4 against 13–15 ms with plain stores, on the
    /// project's Zen 4 host). The classic four-stage transpose: 32-bit and 64-bit interleaves within 128-bit lanes, then two
    /// rounds of 128-bit lane shuffles.
    /// </summary>
    static void StoreTransposed(Vector512<float>* tile, float* y, long stride, int rows)
    {
        var t = stackalloc Vector512<float>[16];
        for (int i = 0; i < 16; i += 2)
        {
            t[i] = Avx512F.UnpackLow(tile[i], tile[i + 1]);
            t[i + 1] = Avx512F.UnpackHigh(tile[i], tile[i + 1]);
        }
        var u = stackalloc Vector512<float>[16];
        for (int q = 0; q < 16; q += 4)
        {
            Vector512<double> lo0 = t[q].AsDouble(), hi0 = t[q + 1].AsDouble(), lo1 = t[q + 2].AsDouble(), hi1 = t[q + 3].AsDouble();
            u[q] = Avx512F.UnpackLow(lo0, lo1).AsSingle();      // columns q … q+3, element 4L+0 of each 128-bit lane L
            u[q + 1] = Avx512F.UnpackHigh(lo0, lo1).AsSingle(); // element 4L+1
            u[q + 2] = Avx512F.UnpackLow(hi0, hi1).AsSingle();  // element 4L+2
            u[q + 3] = Avx512F.UnpackHigh(hi0, hi1).AsSingle(); // element 4L+3
        }
        for (int m = 0; m < 4; m++)
        {
            var v0 = Avx512F.Shuffle4x128(u[m], u[4 + m], 0x44);
            var v1 = Avx512F.Shuffle4x128(u[m], u[4 + m], 0xEE);
            var v2 = Avx512F.Shuffle4x128(u[8 + m], u[12 + m], 0x44);
            var v3 = Avx512F.Shuffle4x128(u[8 + m], u[12 + m], 0xEE);
            if (m < rows) Avx512F.StoreAlignedNonTemporal(y + m * stride, Avx512F.Shuffle4x128(v0, v2, 0x88));
            if (4 + m < rows) Avx512F.StoreAlignedNonTemporal(y + (4 + m) * stride, Avx512F.Shuffle4x128(v0, v2, 0xDD));
            if (8 + m < rows) Avx512F.StoreAlignedNonTemporal(y + (8 + m) * stride, Avx512F.Shuffle4x128(v1, v3, 0x88));
            if (12 + m < rows) Avx512F.StoreAlignedNonTemporal(y + (12 + m) * stride, Avx512F.Shuffle4x128(v1, v3, 0xDD));
        }
    }

    // ---- g·W and C + gᵀ·x: lanes along K, where both the weight's rows and x's are contiguous; a tile is four scalar
    // streams (rows of g, or vocabulary entries of gᵀ) × 64 columns, one FMA chain per output (Chain4x64).

    // The vocabulary in sgemm's blocks, each block (48–96 KB of the weight) read from L2 by every tile of four rows.
    static void MatMul(float* g, float* w, float* y, int n, int v, int k)
    {
        nint gs = (nint)g, ws = (nint)w, ys = (nint)y;
        ThreadRanges.Run((n + 3) / 4, (long)n * k * v, (t0, t1) =>
        {
            Vector512<float>* acc = stackalloc Vector512<float>[16];
            for (int j0 = 0; j0 < v; j0 += ReductionBlock)
            {
                int steps = Math.Min(v, j0 + ReductionBlock) - j0;
                for (int t = t0; t < t1; t++)
                {
                    int r0 = t * 4, rows = Math.Min(4, n - r0);
                    float* g0 = (float*)gs + (long)r0 * v + j0;
                    for (int c = 0; c < k; c += 64)
                    {
                        // Rows past the last read row 0 and are not stored.
                        Chain4x64((float*)ws + (long)j0 * k + c, k, g0, rows > 1 ? g0 + v : g0, rows > 2 ? g0 + 2L * v : g0, rows > 3 ? g0 + 3L * v : g0, 1, steps, acc);
                        for (int i = 0; i < rows; i++) Accumulate((float*)ys + (long)(r0 + i) * k + c, acc + 4 * i, first: j0 == 0);
                    }
                }
            }
        });
    }

    // Four vocabulary entries per tile, the chain over the n rows (x stays in L1), then added to C once.
    static void AddTransposedMatMul(float* c, float* g, float* x, int n, int v, int k)
    {
        nint cs = (nint)c, gs = (nint)g, xs = (nint)x;
        ThreadRanges.Run((v + 3) / 4, (long)n * k * v, (t0, t1) =>
        {
            Vector512<float>* acc = stackalloc Vector512<float>[16];
            for (int t = t0; t < t1; t++)
            {
                int j = t * 4, entries = Math.Min(4, v - j);
                float* g0 = (float*)gs + j, ct = (float*)cs + (long)j * k;
                // The next tile's lines of C, ahead of use (with g's below: 3.8–6.8 against 7.3 ms per 41-row chunk without).
                for (int line = 0; line < k / 4; line++) Sse.Prefetch0(ct + 4 * k + line * 16);
                for (int col = 0; col < k; col += 64)
                {
                    // Entries past the last read entry 0 and are not stored.
                    Chain4x64((float*)xs + col, k, g0, g0 + (entries > 1 ? 1 : 0), g0 + (entries > 2 ? 2 : 0), g0 + (entries > 3 ? 3 : 0), v, n, acc);
                    for (int e = 0; e < entries; e++) Accumulate(ct + (long)e * k + col, acc + 4 * e, first: false);
                }
            }
        });
    }

    /// <summary>
    /// acc[4i + q] = Σ_t s_i[t·sStep] · vec[t·vecStep + 16q … 16q + 15] over t = 0 … steps − 1 in order, one FMA chain per
    /// lane from zero. The scalar streams' next lines are asked for ahead (gᵀ's entries lie a vocabulary apart).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Chain4x64(float* vec, long vecStep, float* s0, float* s1, float* s2, float* s3, long sStep, int steps, Vector512<float>* acc)
    {
        Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        Vector512<float> c0 = a0, c1 = a0, c2 = a0, c3 = a0, d0 = a0, d1 = a0, d2 = a0, d3 = a0;
        for (int t = 0; t < steps; t++)
        {
            float* vr = vec + t * vecStep;
            long o = t * sStep;
            Sse.Prefetch0(s0 + o + 16);
            Vector512<float> v0 = Vector512.Load(vr), v1 = Vector512.Load(vr + 16), v2 = Vector512.Load(vr + 32), v3 = Vector512.Load(vr + 48);
            var s = Vector512.Create(s0[o]);
            a0 = Avx512F.FusedMultiplyAdd(s, v0, a0); a1 = Avx512F.FusedMultiplyAdd(s, v1, a1); a2 = Avx512F.FusedMultiplyAdd(s, v2, a2); a3 = Avx512F.FusedMultiplyAdd(s, v3, a3);
            s = Vector512.Create(s1[o]);
            b0 = Avx512F.FusedMultiplyAdd(s, v0, b0); b1 = Avx512F.FusedMultiplyAdd(s, v1, b1); b2 = Avx512F.FusedMultiplyAdd(s, v2, b2); b3 = Avx512F.FusedMultiplyAdd(s, v3, b3);
            s = Vector512.Create(s2[o]);
            c0 = Avx512F.FusedMultiplyAdd(s, v0, c0); c1 = Avx512F.FusedMultiplyAdd(s, v1, c1); c2 = Avx512F.FusedMultiplyAdd(s, v2, c2); c3 = Avx512F.FusedMultiplyAdd(s, v3, c3);
            s = Vector512.Create(s3[o]);
            d0 = Avx512F.FusedMultiplyAdd(s, v0, d0); d1 = Avx512F.FusedMultiplyAdd(s, v1, d1); d2 = Avx512F.FusedMultiplyAdd(s, v2, d2); d3 = Avx512F.FusedMultiplyAdd(s, v3, d3);
        }
        acc[0] = a0; acc[1] = a1; acc[2] = a2; acc[3] = a3; acc[4] = b0; acc[5] = b1; acc[6] = b2; acc[7] = b3;
        acc[8] = c0; acc[9] = c1; acc[10] = c2; acc[11] = c3; acc[12] = d0; acc[13] = d1; acc[14] = d2; acc[15] = d3;
    }

    // y[0 … 63] = s (first block) or y + s.
    static void Accumulate(float* y, Vector512<float>* s, bool first)
    {
        for (int q = 0; q < 4; q++) (first ? s[q] : Vector512.Load(y + 16 * q) + s[q]).Store(y + 16 * q);
    }
}
