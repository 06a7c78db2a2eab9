namespace R1Omni.Tests.Notebooks;

/// <summary>
/// A fresh run folder that the training notebooks (03, 04, 06) share within one test run: whichever runs first trains the
/// stages it needs, the others train only what is still missing, so together they cost one quick reproduction. It is
/// new for every test run (never a stale folder of an earlier one) and deleted afterwards (some 500 MB of checkpoints
/// and figures).
/// </summary>
public sealed class MiniatureRunFolder : IDisposable
{
    public string Folder { get; } = TestPaths.NewTempDir("miniature-run");

    /// <summary>What the notebooks read from their environment: this folder, the quick preset, seed 0.</summary>
    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>
    {
        ["R1OMNI_RUN"] = Folder, ["R1OMNI_PRESET"] = "quick", ["R1OMNI_SEED"] = "0",
    };

    public void Dispose()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
