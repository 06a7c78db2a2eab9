namespace R1Omni.Models.Common;

/// <summary>
/// The bf16 passes of <see cref="GemvKernel"/> with AVX-512 BF16 dot products (vdpbf16ps), in native code
/// (<c>native/bf16_dot.c</c>, built by gcc beside the library): .NET 10 has no intrinsic for the instruction, and it
/// multiplies 32 bf16 pairs per instruction where the managed kernel widens each weight to fp32 first. It takes bf16
/// activations, so it applies where the activations are bf16 values (the model's dtype): the conversion is then exact
/// and the products are those of the managed kernel; only the order of the sums differs. Used where the library was
/// built and the CPU has AVX-512 BF16; otherwise the managed kernel runs, and <see cref="Status"/> says why.
/// </summary>
public static unsafe class Bf16DotKernel
{
    static readonly delegate* unmanaged<ushort*, long, ushort*, float*, long, int, long, long, void> gemv;
    static readonly delegate* unmanaged<float*, ushort*, long, void> toBf16;

    /// <summary>True when the native kernels loaded (<see cref="NativeKernels.Available"/>).</summary>
    public static bool Available => NativeKernels.Available;

    /// <summary>Which bf16 kernel runs and, where it is the managed one, why.</summary>
    public static string Status => Available ? "native AVX-512 BF16 kernel (vdpbf16ps)" : $"managed AVX-512 kernel ({NativeKernels.Status})";

    /// <summary>Process-wide switch: false sends bf16 weights to the managed kernel (benchmarks compare the two in one run).</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>True when the bf16 passes go through this kernel now.</summary>
    public static bool Applies => Enabled && Available;

    static Bf16DotKernel()
    {
        if (!Available) return;
        gemv = (delegate* unmanaged<ushort*, long, ushort*, float*, long, int, long, long, void>)NativeKernels.Export("r1omni_bf16_gemv");
        toBf16 = (delegate* unmanaged<float*, ushort*, long, void>)NativeKernels.Export("r1omni_to_bf16");
    }

    /// <summary>x [n] fp32 → bf16, rounding to nearest even (exact for bf16 values).</summary>
    public static void ToBf16(float* x, ushort* y, long n) => toBf16(x, y, n);

    /// <summary>y[i, r] = Σ_c w[r, c]·x[i, c] for weight rows r0 … r1 − 1 of w [out, n] and activation rows x [rows, n]; y is [rows, out] fp32.</summary>
    public static void Rows(nint weight, int n, ushort* x, float* y, int outFeatures, int rows, int r0, int r1) =>
        gemv((ushort*)weight, n, x, y, outFeatures, rows, r0, r1);
}
