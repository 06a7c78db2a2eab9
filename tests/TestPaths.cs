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

    /// <summary>A fresh, empty temporary folder; deleted by the OS temp cleaner, not by the test.</summary>
    public static string NewTempDir([CallerMemberName] string name = "")
    {
        string dir = Path.Combine(Path.GetTempPath(), "r1omni-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
