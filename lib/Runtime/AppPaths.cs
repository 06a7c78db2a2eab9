namespace R1Omni.Runtime;

/// <summary>Where the workbench finds its shipped data (data/ of the repository, found above the library or the running binary).</summary>
public static class AppPaths
{
    static readonly Lazy<string> Root = new(() =>
    {
        string? env = Environment.GetEnvironmentVariable("R1OMNI_ROOT");
        if (!string.IsNullOrEmpty(env)) return env;
        // The library's own folder first: a notebook kernel's base directory is the kernel tool's, not the workbench's.
        string[] starts = [Path.GetDirectoryName(typeof(AppPaths).Assembly.Location) ?? "", AppContext.BaseDirectory];
        foreach (string start in starts.Where(s => s.Length > 0))
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "R1Omni.Lib.csproj"))) return d.FullName;
        throw new R1OmniException($"cannot find the workbench folder above {string.Join(" or ", starts.Where(s => s.Length > 0))}; " +
                                  "set R1OMNI_ROOT to the repository root");
    });

    public static string RepoRoot => Root.Value;
    public static string DataDir => Path.Combine(RepoRoot, "data");
}
