using TorchSharp;

namespace R1Omni.Runtime;

/// <summary>
/// Loads libtorch once, with an actionable error when the native libraries cannot be loaded
/// (on Debian 12 that means environment/setup has not applied its libstdc++ fix yet).
/// </summary>
public static class TorchRuntime
{
    static readonly Lazy<string> Loaded = new(() =>
    {
        try
        {
            using var probe = torch.zeros(1);
            return $"TorchSharp {typeof(torch).Assembly.GetName().Version}, libtorch {torch.__version__}";
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            throw new R1OmniException(
                "libtorch could not be loaded. Run environment/setup (it installs and checks the native libraries, " +
                "and patches TorchSharp's glue library where the system libstdc++ predates GCC 13). Cause: " +
                FirstLine(e.InnerException?.Message ?? e.Message), e);
        }
    });

    static string FirstLine(string s) => s.Split('\n', 2)[0].Trim();

    /// <summary>Ensures libtorch is loaded; returns a one-line description of the versions.</summary>
    public static string EnsureLoaded() => Loaded.Value;

    /// <summary>Parses a device name ("cpu", "cuda", "cuda:1"), failing clearly when CUDA is not available.</summary>
    public static torch.Device ParseDevice(string name)
    {
        EnsureLoaded();
        if (name.StartsWith("cuda", StringComparison.Ordinal) && !torch.cuda.is_available())
            throw new R1OmniException($"device '{name}' requested but CUDA is not available in this build " +
                                      "(build with -p:TorchBackend=cuda on a machine with an NVIDIA driver)");
        try { return torch.device(name); }
        catch (Exception e) { throw new R1OmniException($"unknown device '{name}' (expected cpu, cuda or cuda:N)", e); }
    }
}
