using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace R1Omni.Runtime;

/// <summary>
/// Makes libtorch's OpenMP threads sleep instead of spinning between parallel regions, unless the user set
/// OMP_WAIT_POLICY. Decoding interleaves libtorch ops with the managed bf16 kernel (<see cref="Models.Common.Bf16Gemv"/>),
/// whose threads otherwise compete with spinning OpenMP workers for the cores: measured here, batch-1 decoding ran
/// at 9.8 tok/s with spinning workers and 24–28 tok/s without. libgomp reads the variable when libtorch is loaded,
/// so it is set (in the native environment, which .NET's Environment.SetEnvironmentVariable does not touch) as soon
/// as this library is.
/// </summary>
static class OpenMpSettings
{
    [DllImport("libc", EntryPoint = "setenv")]
    static extern int SetEnv(string name, string value, int overwrite);

#pragma warning disable CA2255 // a process-wide native setting must precede the first load of libtorch
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void PreferSleepingWorkers()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) SetEnv("OMP_WAIT_POLICY", "PASSIVE", 0);
    }
}
