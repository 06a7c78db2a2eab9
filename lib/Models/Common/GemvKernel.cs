using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace R1Omni.Models.Common;

/// <summary>
/// y = x·Wᵀ for a few fp32 activation rows against bf16 or fp32 weights on AVX-512 CPUs: the matrix-vector products of
/// decoding, which are bound by reading the weights. Each weight row is read once for up to <see cref="BlockRows"/>
/// activation rows (and stays in L1 for the next block), and the output features are split over the threads.
/// Every activation row is summed in the same order whatever the number of rows (two accumulators per row, lanes
/// summed the same way, the same scalar tail), so a row's result does not depend on the batch it is in: a GRPO group
/// sample equals its independent run.
/// </summary>
public static unsafe class GemvKernel
{
    /// <summary>Activation rows per pass over a weight row (the registers hold 16 accumulators).</summary>
    public const int BlockRows = 8;

    public static bool Supported => Avx512F.IsSupported && Avx512BW.IsSupported;

    /// <summary>Threads the kernel splits its output features over.</summary>
    public static int Threads { get; set; } = Environment.ProcessorCount;

    /// <summary>Below this many multiply-adds a pass runs on the calling thread: dispatching to a second core costs more.</summary>
    public const long SerialWork = 1 << 16;

    /// <summary>Inputs wider than this (eight fp32 rows over 32 KB, L1's size) take the two-weight-row pass.</summary>
    const int WideInput = 1024;

    /// <summary>
    /// How far ahead of the weights being read each pass asks for them in L2 (bytes). The hardware prefetchers alone
    /// fall behind DRAM when a weight line feeds several activation rows, and on the down projection's 9.5 KB rows even
    /// for one; 8 KB ahead measured best of 2–16 KB on Qwen2.5-0.5B's shapes.
    /// </summary>
    const int PrefetchAhead = 8192;

    /// <summary>
    /// One projection: weight [Out, In] (row-major, bf16 or fp32), optional bias [Out] of the same type, and fp32 output
    /// [rows, Out]. With bf16 weights the activations are bf16 values (the model's dtype), which
    /// <see cref="Bf16DotKernel"/> multiplies as bf16.
    /// </summary>
    public readonly record struct Projection(nint Weight, nint Bias, int Out, bool Bf16, nint Output);

    // The activations as bf16 for Bf16DotKernel, one buffer per calling thread, grown as needed and kept.
    [ThreadStatic] static ushort* bf16Activations;
    [ThreadStatic] static long bf16Capacity;

    /// <summary>All projections of the same activations x [rows, In] in one parallel pass (e.g. q, k and v).</summary>
    public static void Run(Projection[] projections, float* x, int inFeatures, int rows)
    {
        int total = 0;
        bool anyBf16 = false;
        foreach (var p in projections) { total += p.Out; anyBf16 |= p.Bf16; }
        ushort* xb = null;
        if (anyBf16 && Bf16DotKernel.Applies)
        {
            long count = (long)rows * inFeatures;
            if (bf16Capacity < count)
            {
                NativeMemory.AlignedFree(bf16Activations);
                bf16Activations = (ushort*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(ushort)), 64);
                bf16Capacity = count;
            }
            xb = bf16Activations;
            Bf16DotKernel.ToBf16(x, xb, count);
        }
        nint xs = (nint)x, xbs = (nint)xb;
        ThreadRanges.Run(total, (long)total * inFeatures * rows, (g0, g1) => Part(projections, (float*)xs, (ushort*)xbs, inFeatures, rows, g0, g1));
    }

    // Output features g0 … g1 − 1 counted across the projections in order; bf16 weights go to Bf16DotKernel when xb is set.
    static void Part(Projection[] projections, float* x, ushort* xb, int n, int rows, int g0, int g1)
    {
        int start = 0;
        foreach (var p in projections)
        {
            int r0 = Math.Max(g0, start) - start, r1 = Math.Min(g1, start + p.Out) - start;
            start += p.Out;
            if (r0 >= r1) continue;
            if (p.Bf16 && xb != null)
            {
                Bf16DotKernel.Rows(p.Weight, n, xb, (float*)p.Output, p.Out, rows, r0, r1);
                AddBias<Bf16Weights>(p, rows, r0, r1);
            }
            else if (p.Bf16) Rows<Bf16Weights>(p, x, n, rows, r0, r1);
            else Rows<Fp32Weights>(p, x, n, rows, r0, r1);
        }
    }

    static void AddBias<W>(Projection p, int rows, int r0, int r1) where W : struct, IWeights
    {
        if (p.Bias == 0) return;
        float* y = (float*)p.Output;
        for (int i = 0; i < rows; i++)
            for (int r = r0; r < r1; r++) y[(long)i * p.Out + r] += W.At((byte*)p.Bias, r);
    }

    static void Rows<W>(Projection p, float* x, int n, int rows, int r0, int r1) where W : struct, IWeights
    {
        byte* w = (byte*)p.Weight;
        float* y = (float*)p.Output;
        long stride = (long)n * W.Size;
        // Weight rows per tile: about 16 KB (at least the two rows Block4x2 takes), so a tile stays in L1 while every
        // block of activation rows passes over it.
        int tile = Math.Max(2, (int)(16384 / stride));
        for (int t0 = r0; t0 < r1; t0 += tile)
        {
            int t1 = Math.Min(r1, t0 + tile);
            for (int b = 0; b < rows; b += BlockRows)
            {
                int m = Math.Min(BlockRows, rows - b);
                float* xb = x + (long)b * n, yb = y + (long)b * p.Out;
                if (m == 1) Block1<W>(w, stride, xb, n, yb, t0, t1);
                else if (n <= WideInput) Block8<W>(w, stride, xb, n, yb, p.Out, m, t0, t1);
                else
                    for (int h = 0; h < m; h += 4)
                        Block4x2<W>(w, stride, xb + (long)h * n, n, yb + (long)h * p.Out, p.Out, Math.Min(4, m - h), t0, t1);
            }
        }
        AddBias<W>(p, rows, r0, r1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block1<W>(byte* weights, long stride, float* x, int n, float* y, int r0, int r1) where W : struct, IWeights
    {
        for (int r = r0; r < r1; r++)
        {
            byte* w = weights + r * stride;
            Vector512<float> a0 = Vector512<float>.Zero, b0 = a0;
            int c = 0;
            for (; c + 32 <= n; c += 32)
            {
                Prefetch<W>(w, c);
                W.Load(w, c, out var lo, out var hi);
                a0 = Avx512F.FusedMultiplyAdd(lo, Vector512.Load(x + c), a0);
                b0 = Avx512F.FusedMultiplyAdd(hi, Vector512.Load(x + c + 16), b0);
            }
            y[r] = Finish<W>(w, c, n, x, a0, b0);
        }
    }

    /// <summary>Up to eight activation rows (m); rows past m read row 0 and are not stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block8<W>(byte* weights, long stride, float* x, int n, float* y, int outFeatures, int m, int r0, int r1) where W : struct, IWeights
    {
        float* x0 = x, x1 = m > 1 ? x + n : x, x2 = m > 2 ? x + 2 * n : x, x3 = m > 3 ? x + 3 * n : x;
        float* x4 = m > 4 ? x + 4 * n : x, x5 = m > 5 ? x + 5 * n : x, x6 = m > 6 ? x + 6 * n : x, x7 = m > 7 ? x + 7 * n : x;
        for (int r = r0; r < r1; r++)
        {
            byte* w = weights + r * stride;
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            Vector512<float> b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
            int c = 0;
            for (; c + 32 <= n; c += 32)
            {
                Prefetch<W>(w, c);
                W.Load(w, c, out var lo, out var hi);
                a0 = Avx512F.FusedMultiplyAdd(lo, Vector512.Load(x0 + c), a0); b0 = Avx512F.FusedMultiplyAdd(hi, Vector512.Load(x0 + c + 16), b0);
                a1 = Avx512F.FusedMultiplyAdd(lo, Vector512.Load(x1 + c), a1); b1 = Avx512F.FusedMultiplyAdd(hi, Vector512.Load(x1 + c + 16), b1);
                a2 = Avx512F.FusedMultiplyAdd(lo, Vector512.Load(x2 + c), a2); b2 = Avx512F.FusedMultiplyAdd(hi, Vector512.Load(x2 + c + 16), b2);
                a3 = Avx512F.FusedMultiplyAdd(lo, Vector512.Load(x3 + c), a3); b3 = Avx512F.FusedMultiplyAdd(hi, Vector512.Load(x3 + c + 16), b3);
                a4 = Avx512F.FusedMultiplyAdd(lo, Vector512.Load(x4 + c), a4); b4 = Avx512F.FusedMultiplyAdd(hi, Vector512.Load(x4 + c + 16), b4);
                a5 = Avx512F.FusedMultiplyAdd(lo, Vector512.Load(x5 + c), a5); b5 = Avx512F.FusedMultiplyAdd(hi, Vector512.Load(x5 + c + 16), b5);
                a6 = Avx512F.FusedMultiplyAdd(lo, Vector512.Load(x6 + c), a6); b6 = Avx512F.FusedMultiplyAdd(hi, Vector512.Load(x6 + c + 16), b6);
                a7 = Avx512F.FusedMultiplyAdd(lo, Vector512.Load(x7 + c), a7); b7 = Avx512F.FusedMultiplyAdd(hi, Vector512.Load(x7 + c + 16), b7);
            }
            long o = outFeatures;
            y[r] = Finish<W>(w, c, n, x0, a0, b0);
            if (m > 1) y[o + r] = Finish<W>(w, c, n, x1, a1, b1);
            if (m > 2) y[2 * o + r] = Finish<W>(w, c, n, x2, a2, b2);
            if (m > 3) y[3 * o + r] = Finish<W>(w, c, n, x3, a3, b3);
            if (m > 4) y[4 * o + r] = Finish<W>(w, c, n, x4, a4, b4);
            if (m > 5) y[5 * o + r] = Finish<W>(w, c, n, x5, a5, b5);
            if (m > 6) y[6 * o + r] = Finish<W>(w, c, n, x6, a6, b6);
            if (m > 7) y[7 * o + r] = Finish<W>(w, c, n, x7, a7, b7);
        }
    }

    /// <summary>
    /// Up to four activation rows (m) against two weight rows at a time, for inputs so wide that eight activation rows
    /// do not stay in L1 (the MLP's down projection): each activation load then serves two weight rows. Every sum runs
    /// in the order of <see cref="Block8{W}"/> and <see cref="Block1{W}"/>; an odd last weight row goes through Block8.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block4x2<W>(byte* weights, long stride, float* x, int n, float* y, int outFeatures, int m, int r0, int r1) where W : struct, IWeights
    {
        float* x0 = x, x1 = m > 1 ? x + n : x, x2 = m > 2 ? x + 2 * n : x, x3 = m > 3 ? x + 3 * n : x;
        int r = r0;
        for (; r + 2 <= r1; r += 2)
        {
            byte* w = weights + r * stride, v = w + stride;
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            Vector512<float> c0 = a0, c1 = a0, c2 = a0, c3 = a0, d0 = a0, d1 = a0, d2 = a0, d3 = a0;
            int c = 0;
            for (; c + 32 <= n; c += 32)
            {
                Prefetch<W>(w, c);
                Prefetch<W>(v, c);
                W.Load(w, c, out var lo, out var hi);
                W.Load(v, c, out var vlo, out var vhi);
                var p = Vector512.Load(x0 + c); var q = Vector512.Load(x0 + c + 16);
                a0 = Avx512F.FusedMultiplyAdd(lo, p, a0); b0 = Avx512F.FusedMultiplyAdd(hi, q, b0);
                c0 = Avx512F.FusedMultiplyAdd(vlo, p, c0); d0 = Avx512F.FusedMultiplyAdd(vhi, q, d0);
                p = Vector512.Load(x1 + c); q = Vector512.Load(x1 + c + 16);
                a1 = Avx512F.FusedMultiplyAdd(lo, p, a1); b1 = Avx512F.FusedMultiplyAdd(hi, q, b1);
                c1 = Avx512F.FusedMultiplyAdd(vlo, p, c1); d1 = Avx512F.FusedMultiplyAdd(vhi, q, d1);
                p = Vector512.Load(x2 + c); q = Vector512.Load(x2 + c + 16);
                a2 = Avx512F.FusedMultiplyAdd(lo, p, a2); b2 = Avx512F.FusedMultiplyAdd(hi, q, b2);
                c2 = Avx512F.FusedMultiplyAdd(vlo, p, c2); d2 = Avx512F.FusedMultiplyAdd(vhi, q, d2);
                p = Vector512.Load(x3 + c); q = Vector512.Load(x3 + c + 16);
                a3 = Avx512F.FusedMultiplyAdd(lo, p, a3); b3 = Avx512F.FusedMultiplyAdd(hi, q, b3);
                c3 = Avx512F.FusedMultiplyAdd(vlo, p, c3); d3 = Avx512F.FusedMultiplyAdd(vhi, q, d3);
            }
            long o = outFeatures;
            y[r] = Finish<W>(w, c, n, x0, a0, b0); y[r + 1] = Finish<W>(v, c, n, x0, c0, d0);
            if (m > 1) { y[o + r] = Finish<W>(w, c, n, x1, a1, b1); y[o + r + 1] = Finish<W>(v, c, n, x1, c1, d1); }
            if (m > 2) { y[2 * o + r] = Finish<W>(w, c, n, x2, a2, b2); y[2 * o + r + 1] = Finish<W>(v, c, n, x2, c2, d2); }
            if (m > 3) { y[3 * o + r] = Finish<W>(w, c, n, x3, a3, b3); y[3 * o + r + 1] = Finish<W>(v, c, n, x3, c3, d3); }
        }
        if (r < r1) Block8<W>(weights, stride, x, n, y, outFeatures, m, r, r1);
    }

    /// <summary>One output of every pass: the two accumulators' lanes summed, then the scalar tail from column c on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Finish<W>(byte* w, int c, int n, float* x, Vector512<float> a, Vector512<float> b) where W : struct, IWeights
    {
        float s = Vector512.Sum(a + b);
        for (; c < n; c++) s += W.At(w, c) * x[c];
        return s;
    }

    /// <summary>The 32 weights at c of the row at w, <see cref="PrefetchAhead"/> bytes on (one line of bf16, two of fp32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Prefetch<W>(byte* w, int c) where W : struct, IWeights
    {
        byte* ahead = w + c * W.Size + PrefetchAhead;
        Sse.Prefetch1(ahead);
        if (W.Size == 4) Sse.Prefetch1(ahead + 64);
    }

    /// <summary>How a weight element type is widened to fp32.</summary>
    public interface IWeights
    {
        static abstract int Size { get; }
        /// <summary>Elements c … c + 31 as two fp32 vectors.</summary>
        static abstract void Load(byte* w, int c, out Vector512<float> lo, out Vector512<float> hi);
        /// <summary>Elements c … c + 15.</summary>
        static abstract Vector512<float> Load16(byte* w, int c);
        static abstract float At(byte* w, int c);
    }

    /// <summary>bf16 → fp32 is a 16-bit left shift of the bit pattern.</summary>
    public readonly struct Bf16Weights : IWeights
    {
        public static int Size => 2;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Load(byte* w, int c, out Vector512<float> lo, out Vector512<float> hi)
        {
            var raw = Vector512.Load((ushort*)w + c);
            lo = Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(raw.GetLower()), 16).AsSingle();
            hi = Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(raw.GetUpper()), 16).AsSingle();
        }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load16(byte* w, int c) =>
            Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(Vector256.Load((ushort*)w + c)), 16).AsSingle();
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float At(byte* w, int c) => BitConverter.Int32BitsToSingle(((ushort*)w)[c] << 16);
    }

    public readonly struct Fp32Weights : IWeights
    {
        public static int Size => 4;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Load(byte* w, int c, out Vector512<float> lo, out Vector512<float> hi)
        {
            lo = Vector512.Load((float*)w + c);
            hi = Vector512.Load((float*)w + c + 16);
        }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load16(byte* w, int c) => Vector512.Load((float*)w + c);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float At(byte* w, int c) => ((float*)w)[c];
    }
}
