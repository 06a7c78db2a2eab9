using System.Runtime.CompilerServices;
using R1Omni.Runtime;

namespace R1Omni.Tests;

/// <summary>Locates the repository and its fixture folders independently of the test runner's working directory.</summary>
public static class TestPaths
{
    public static string RepoRoot => AppPaths.RepoRoot;

    /// <summary>A path under tests/fixtures/.</summary>
    public static string Fixture(params string[] parts) => Path.Combine([RepoRoot, "tests", "fixtures", .. parts]);

    /// <summary>A path under data/ (product assets shipped with the repository).</summary>
    public static string Data(params string[] parts) => Path.Combine([RepoRoot, "data", .. parts]);

    /// <summary>
    /// This test run's temporary root. Training and notebook tests write gigabytes per run, and the test host is ended
    /// without running exit handlers, so each run deletes the roots of earlier runs whose process is gone; set
    /// R1OMNI_KEEP_TEST_FILES=1 to keep them for a post-mortem.
    /// </summary>
    static readonly Lazy<string> RunRoot = new(() =>
    {
        string parent = Path.Combine(Path.GetTempPath(), "r1omni-tests");
        if (Directory.Exists(parent) && Environment.GetEnvironmentVariable("R1OMNI_KEEP_TEST_FILES") != "1")
            foreach (string old in Directory.EnumerateDirectories(parent, "run-*"))
                if (int.TryParse(Path.GetFileName(old).Split('-')[1], out int pid) && !ProcessAlive(pid))
                    try { Directory.Delete(old, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        string root = Path.Combine(parent, $"run-{Environment.ProcessId}-{DateTime.UtcNow:yyyyMMddHHmmss}");
        Directory.CreateDirectory(root);
        return root;
    });

    static bool ProcessAlive(int pid)
    {
        try { using var process = System.Diagnostics.Process.GetProcessById(pid); return !process.HasExited; }
        catch (ArgumentException) { return false; }
    }

    /// <summary>A fresh, empty temporary folder under this run's root.</summary>
    public static string NewTempDir([CallerMemberName] string name = "")
    {
        string dir = Path.Combine(RunRoot.Value, $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A fresh temporary folder holding a copy of <paramref name="folder"/> and everything under it.</summary>
    public static string CopyOf(string folder, [CallerMemberName] string name = "")
    {
        string dir = NewTempDir(name);
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(dir, Path.GetRelativePath(folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return dir;
    }
}
