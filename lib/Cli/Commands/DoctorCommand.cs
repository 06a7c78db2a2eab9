using System.Diagnostics;
using R1Omni.Runtime;
using TorchSharp;

namespace R1Omni.Cli.Commands;

/// <summary>`r1omni doctor`: checks the environment the workbench needs and says what is missing.</summary>
public sealed class DoctorCommand : ICommand
{
    public string Name => "doctor";
    public string Summary => "check the environment: libtorch, threads, CUDA, ffmpeg";
    public string Usage => """
        usage: environment/r1omni doctor
          Loads libtorch, runs a bf16 matrix product, and looks for ffmpeg/ffprobe on PATH.
          Exit code 0 when everything needed on this machine works, 1 otherwise.
        """;

    public int Run(CommandArgs args)
    {
        args.EnsureAllUsed();
        bool ok = true;
        args.Out.WriteLine($"runtime     .NET {Environment.Version}, {Environment.ProcessorCount} cores");
        args.Out.WriteLine($"torch       {TorchRuntime.EnsureLoaded()}, {torch.get_num_threads()} threads");
        using (var a = torch.randn(64, 64, dtype: torch.bfloat16))
        using (var p = a.matmul(a))
            args.Out.WriteLine($"bf16 matmul ok ({p.shape[0]}x{p.shape[1]})");
        args.Out.WriteLine($"cuda        {(torch.cuda.is_available() ? $"available, {torch.cuda.device_count()} device(s)" : "not available (CPU backend)")}");
        foreach (var tool in new[] { "ffmpeg", "ffprobe" })
        {
            string? version = ToolVersion(tool);
            args.Out.WriteLine($"{tool,-11} {version ?? "MISSING (apt-get install -y ffmpeg)"}");
            ok &= version is not null;
        }
        return ok ? 0 : 1;
    }

    static string? ToolVersion(string tool)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(tool, "-version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            string first = p.StandardOutput.ReadLine() ?? "";
            p.WaitForExit();
            return p.ExitCode == 0 ? first : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}
