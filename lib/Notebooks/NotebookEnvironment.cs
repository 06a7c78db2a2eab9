using System.Diagnostics;
using R1Omni.Runtime;

namespace R1Omni.Notebooks;

/// <summary>
/// What headless notebook execution needs, as environment/setup installs it: Debian's <c>jupyter nbconvert</c>, the
/// <c>dotnet-interactive</c> tool in <c>.tools/dotnet-interactive/</c>, and its Jupyter kernel specs (registered with
/// <c>dotnet-interactive jupyter install</c>) in <c>.tools/jupyter/kernels/</c>. The kernel is the one users run.
/// </summary>
public sealed record NotebookEnvironment(string Jupyter, string ToolDir, string JupyterPath)
{
    /// <summary>The C# kernel spec that <c>dotnet-interactive jupyter install</c> writes.</summary>
    public const string KernelName = ".net-csharp";

    public static NotebookEnvironment Locate(string? repoRoot = null)
    {
        string root = repoRoot ?? AppPaths.RepoRoot;
        const string hint = "run environment/setup (it installs jupyter-nbconvert, the dotnet-interactive tool and its kernel spec)";
        string jupyter = FindOnPath("jupyter") ?? throw new R1OmniException($"jupyter not found on PATH: {hint}");
        if (FindOnPath("jupyter-nbconvert") is null) throw new R1OmniException($"jupyter nbconvert not found on PATH: {hint}");
        string tools = Path.Combine(root, ".tools", "dotnet-interactive");
        if (!File.Exists(Path.Combine(tools, "dotnet-interactive")))
            throw new R1OmniException($"dotnet-interactive not found in {tools}: {hint}");
        string jupyterPath = Path.Combine(root, ".tools", "jupyter");
        if (!File.Exists(Path.Combine(jupyterPath, "kernels", KernelName, "kernel.json")))
            throw new R1OmniException($"kernel spec {KernelName} not found in {Path.Combine(jupyterPath, "kernels")}: {hint}");
        return new NotebookEnvironment(jupyter, tools, jupyterPath);
    }

    /// <summary>
    /// Lets a process find the kernel: the spec runs <c>dotnet interactive</c>, which the .NET host resolves as a
    /// <c>dotnet-interactive</c> executable on PATH; Jupyter finds the spec through JUPYTER_PATH.
    /// </summary>
    public void Apply(ProcessStartInfo start)
    {
        start.Environment["PATH"] = ToolDir + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["JUPYTER_PATH"] = JupyterPath;
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
    }

    static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
