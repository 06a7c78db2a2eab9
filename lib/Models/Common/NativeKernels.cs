using System.Runtime.InteropServices;

namespace R1Omni.Models.Common;

/// <summary>
/// The native kernels (<c>native/*.c</c>, built by gcc beside the library into <c>libr1omni_kernels.so</c>): loaded once,
/// where the library was built and the CPU has AVX-512 F, BW, VL and BF16 (the instructions .NET 10 has no intrinsics
/// for). <see cref="Status"/> says why they do not run where they do not.
/// </summary>
public static class NativeKernels
{
    const string LibraryFile = "libr1omni_kernels.so";

    static readonly nint handle;

    /// <summary>True when the library loaded and the CPU has AVX-512 F, BW, VL and BF16.</summary>
    public static bool Available { get; }

    /// <summary>Whether the native kernels run and, where they do not, why.</summary>
    public static string Status { get; }

    static unsafe NativeKernels()
    {
        string dir = Path.GetDirectoryName(typeof(NativeKernels).Assembly.Location) ?? AppContext.BaseDirectory;
        string path = Path.Combine(dir, LibraryFile);
        if (!OperatingSystem.IsLinux() || !GemvKernel.Supported) { Status = "no native kernels (no AVX-512 here, or not Linux)"; return; }
        if (!NativeLibrary.TryLoad(path, out handle)) { Status = $"no native kernels ({path} not found: the build had no gcc)"; return; }
        var supported = (delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "r1omni_bf16_dot_supported");
        if (supported() == 0) { Status = "no native kernels (this CPU has no AVX-512 BF16)"; return; }
        Available = true;
        Status = "native AVX-512 BF16 kernels (vdpbf16ps)";
    }

    /// <summary>The address of an exported function; only where <see cref="Available"/>.</summary>
    public static nint Export(string name) =>
        Available ? NativeLibrary.GetExport(handle, name) : throw new InvalidOperationException($"native kernels unavailable: {Status}");
}
