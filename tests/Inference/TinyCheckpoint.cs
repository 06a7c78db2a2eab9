using R1Omni.Presets;

namespace R1Omni.Tests.Inference;

/// <summary>One tiny HumanOmni checkpoint written by our own writer, shared by the tests that need a whole model.</summary>
public static class TinyCheckpoint
{
    static readonly Lazy<string> Folder = new(() =>
    {
        string dir = TestPaths.NewTempDir("tiny-humanomni");
        HumanOmniPresetWriter.Write(dir, HumanOmniPreset.Tiny, seed: 3);
        return dir;
    });

    public static string Path => Folder.Value;
}
