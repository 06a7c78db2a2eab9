using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace R1Omni.Models.Common;

/// <summary>
/// The lane sums of sixteen vectors at once, each bit for bit <see cref="Vector512.Sum{T}(Vector512{T})"/> of its
/// vector: .NET sums a vector's lanes as a tree — adjacent pairs, then pairs of those within each 128-bit quarter, then
/// quarters 0 + 1 and 2 + 3, then the two halves — and this transposing network makes exactly those additions
/// (tests/Models/LaneSumsTests.cs holds it to Vector512.Sum), about three instructions per sum instead of ten.
/// </summary>
public static class LaneSums
{
    /// <summary>Lane i of the result is the sum of the lanes of vector i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Of(Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3,
                                      Vector512<float> a4, Vector512<float> a5, Vector512<float> a6, Vector512<float> a7,
                                      Vector512<float> a8, Vector512<float> a9, Vector512<float> a10, Vector512<float> a11,
                                      Vector512<float> a12, Vector512<float> a13, Vector512<float> a14, Vector512<float> a15)
    {
        // Per quarter, after two rounds: the quarter sums of four vectors side by side.
        var b0 = Pairs(Pairs(a0, a1), Pairs(a2, a3));
        var b1 = Pairs(Pairs(a4, a5), Pairs(a6, a7));
        var b2 = Pairs(Pairs(a8, a9), Pairs(a10, a11));
        var b3 = Pairs(Pairs(a12, a13), Pairs(a14, a15));
        return Quarters(Quarters(b0, b1), Quarters(b2, b3));
    }

    // Per 128-bit quarter: x's two adjacent-lane sums, then y's.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Pairs(Vector512<float> x, Vector512<float> y) =>
        Avx512F.Shuffle(x, y, 0b10_00_10_00) + Avx512F.Shuffle(x, y, 0b11_01_11_01);

    // Quarters 0 + 1 and 2 + 3 of x, then of y.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Quarters(Vector512<float> x, Vector512<float> y) =>
        Avx512F.Shuffle4x128(x, y, 0b10_00_10_00) + Avx512F.Shuffle4x128(x, y, 0b11_01_11_01);
}
