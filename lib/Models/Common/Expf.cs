using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace R1Omni.Models.Common;

/// <summary>
/// e^x of 16 floats, each lane bit for bit <see cref="MathF.Exp"/> (the C library's <c>expf</c>), on AVX-512 CPUs: the
/// attention softmax of the decoding step needs an exponential per key and head, which one at a time costs more than
/// the rest of the attention, and <see cref="Vector512.Exp(Vector512{float})"/> differs from <c>expf</c> in the last
/// bit for about half of all inputs. This is glibc's algorithm (sysdeps/ieee754/flt-32/e_expf.c, as its FMA build
/// evaluates it): x·32/ln 2 = k + r in double precision, e^x = 2^(k/32) · p(r) with 2^(i/32) from a 32-entry table and
/// a cubic p. Lanes with |x| ≥ 88 (glibc's special cases) other than −∞ take <see cref="MathF.Exp"/> itself.
/// </summary>
public static class Expf
{
    public static bool Supported => Avx512F.IsSupported;

    // glibc's __exp2f_data: 32/ln 2, the rounding shift 1.5·2^52 and the cubic's coefficients (scaled by 1/32^k).
    static readonly Vector512<double> InvLn2N = Vector512.Create(BitConverter.Int64BitsToDouble(0x40471547652b82fe));
    static readonly Vector512<double> Shift = Vector512.Create(BitConverter.Int64BitsToDouble(0x4338000000000000));
    static readonly Vector512<double> C0 = Vector512.Create(BitConverter.Int64BitsToDouble(0x3ebc6af84b912394));
    static readonly Vector512<double> C1 = Vector512.Create(BitConverter.Int64BitsToDouble(0x3f2ebfce50fac4f3));
    static readonly Vector512<double> C2 = Vector512.Create(BitConverter.Int64BitsToDouble(0x3f962e42ff0c52d6));

    // Table entry i: the bits of 2^(i/32) less i·2^47, so that adding k·2^47 sets the exponent (four vectors of eight).
    static readonly Vector512<ulong> T0 = Table(0), T1 = Table(8), T2 = Table(16), T3 = Table(24);

    static Vector512<ulong> Table(int first)
    {
        var entries = new ulong[8];
        for (int i = 0; i < 8; i++)
            entries[i] = (ulong)BitConverter.DoubleToInt64Bits(Math.Pow(2, (first + i) / 32.0)) - ((ulong)(first + i) << 47);
        return Vector512.Create(entries);
    }

    /// <summary>e^x per lane, each bit for bit <see cref="MathF.Exp"/> of that lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        var lo = Body(Avx512F.ConvertToVector512Double(x.GetLower()));
        var hi = Body(Avx512F.ConvertToVector512Double(x.GetUpper()));
        var y = Vector512.Create(Avx512F.ConvertToVector256Single(lo), Avx512F.ConvertToVector256Single(hi));
        // |x| < 88 (glibc's fast path, by the same test on the bits); −∞ gives 0, as expf; the rest one by one.
        var abs = x.AsUInt32() & Vector512.Create(0x7FFFFFFFu);
        var fast = Vector512.LessThan(abs, Vector512.Create(0x42B00000u));
        var negativeInfinity = Vector512.Equals(x, Vector512.Create(float.NegativeInfinity)).AsUInt32();
        y = Vector512.ConditionalSelect(negativeInfinity, Vector512<uint>.Zero, y.AsUInt32()).AsSingle();
        if ((fast | negativeInfinity) == Vector512<uint>.AllBitsSet) return y;
        return Slow(x, y, fast | negativeInfinity);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Vector512<float> Slow(Vector512<float> x, Vector512<float> y, Vector512<uint> done)
    {
        Span<float> lanes = stackalloc float[16];
        y.CopyTo(lanes);
        for (int i = 0; i < 16; i++)
            if (done.GetElement(i) == 0) lanes[i] = MathF.Exp(x.GetElement(i));
        return Vector512.Create<float>(lanes);
    }

    // glibc's expf body in double precision, with the fused operations of its FMA build.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<double> Body(Vector512<double> xd)
    {
        var kd = Avx512F.FusedMultiplyAdd(InvLn2N, xd, Shift);
        var ki = kd.AsUInt64();
        kd -= Shift;
        var r = Avx512F.FusedMultiplySubtract(InvLn2N, xd, kd);
        var index = ki & Vector512.Create(31ul);
        var low = Avx512F.PermuteVar8x64x2(T0, index, T1);
        var high = Avx512F.PermuteVar8x64x2(T2, index, T3);
        var entry = Vector512.ConditionalSelect(Vector512.Equals(index & Vector512.Create(16ul), Vector512<ulong>.Zero), low, high);
        var s = (entry + (ki << 47)).AsDouble();
        var z = Avx512F.FusedMultiplyAdd(C0, r, C1);
        var r2 = r * r;
        var y = Avx512F.FusedMultiplyAdd(r, C2, Vector512<double>.One);
        y = Avx512F.FusedMultiplyAdd(z, r2, y);
        return y * s;
    }
}
