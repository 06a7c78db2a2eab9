using R1Omni.SynthEmo;

namespace R1Omni.Tests.SynthEmo;

/// <summary>Regeneration reuses clips whose spec and bytes are unchanged and redoes the rest.</summary>
public sealed class ClipCacheTests
{
    static readonly SynthEmoOptions Tiny = new()
    {
        Seed = 21, PerClassColdStart = 1, PerClassRl = 0, PerClassTest = 0, PerClassOod = 0,
        Format = new ClipFormat(Width: 32, Height: 32, Fps: 4, Seconds: 0.5),
    };

    [Fact]
    public void UnchangedClipsAreReusedAndTamperedOrMissingOnesRendered()
    {
        string dir = TestPaths.NewTempDir();
        var first = SynthEmoWorld.Generate(dir, Tiny);
        Assert.Equal((7, 7, 0), (first.Clips, first.Rendered, first.Cached));
        string clip = Path.Combine(dir, "clips", "cold_start", "cold_start_00003.mp4");
        byte[] original = File.ReadAllBytes(clip);

        var second = SynthEmoWorld.Generate(dir, Tiny);
        Assert.Equal((0, 7), (second.Rendered, second.Cached));

        File.WriteAllBytes(clip, original[..^1]);
        File.Delete(Path.Combine(dir, "clips", "cold_start", "cold_start_00005.mp4"));
        var third = SynthEmoWorld.Generate(dir, Tiny);
        Assert.Equal((2, 5), (third.Rendered, third.Cached));
        Assert.Equal(original, File.ReadAllBytes(clip));
        Assert.Empty(Directory.GetFiles(dir, ".*", SearchOption.AllDirectories)); // no temporary files left
    }

    [Fact]
    public void RationaleNoiseChangesManifestsButReusesClipsAndDroppedClipsAreDeleted()
    {
        string dir = TestPaths.NewTempDir();
        SynthEmoWorld.Generate(dir, Tiny with { PerClassTest = 1 });
        string manifest = File.ReadAllText(Path.Combine(dir, "cold_start.json"));
        Assert.Equal(7, Directory.GetFiles(Path.Combine(dir, "clips", "test_id")).Length);

        var noisier = SynthEmoWorld.Generate(dir, Tiny with { WrongCueRate = 0.9 });
        Assert.Equal((0, 7), (noisier.Rendered, noisier.Cached));
        Assert.NotEqual(manifest, File.ReadAllText(Path.Combine(dir, "cold_start.json")));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "clips", "test_id")));
        Assert.Equal("", File.ReadAllText(Path.Combine(dir, "test_id.jsonl")));
    }

    [Fact]
    public void DefaultFolderIsNamedByTheOptionsHash() =>
        Assert.Equal(Path.Combine(TestPaths.RepoRoot, "cache", "synthemo", Tiny.Hash), SynthEmoWorld.DefaultOutDir(Tiny));

    [Fact]
    public void MalformedIndexIsAnErrorNamingTheFileAndField()
    {
        string dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir, ClipCache.FileName), """{"clips": [{"id": "x", "video": 3}]}""");
        var e = Assert.Throws<R1OmniException>(() => SynthEmoWorld.Generate(dir, Tiny));
        Assert.Contains(ClipCache.FileName, e.Message);
        Assert.Contains("clips[0].video", e.Message);
    }
}
