using R1Omni.SynthEmo;

namespace R1Omni.Tests.SynthEmo;

/// <summary>The same seed gives the same bytes (whatever the parallelism); another seed gives another world.</summary>
[Collection("SynthEmo")]
public sealed class DeterminismTests(SynthEmoWorlds worlds)
{
    static readonly string[] ManifestNames =
        [ClipCache.FileName, .. SynthEmoSplit.All.SelectMany(s => new[] { s.Name + ".json", s.Name + ".jsonl", s.Name + ManifestWriter.ManifestSuffix })];

    static string[] ClipFiles(SynthEmoResult world) =>
        Directory.GetFiles(Path.Combine(world.OutDir, "clips"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(world.OutDir, f)).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void SameSeedGivesByteIdenticalManifestsAndClipsWhateverTheParallelism()
    {
        foreach (string name in ManifestNames)
            Assert.Equal(File.ReadAllBytes(Path.Combine(worlds.A.OutDir, name)), File.ReadAllBytes(Path.Combine(worlds.ASequential.OutDir, name)));
        var clips = ClipFiles(worlds.A);
        Assert.Equal(7 * 8, clips.Length);
        Assert.Equal(clips, ClipFiles(worlds.ASequential));
        foreach (string clip in clips)
            Assert.Equal(File.ReadAllBytes(Path.Combine(worlds.A.OutDir, clip)), File.ReadAllBytes(Path.Combine(worlds.ASequential.OutDir, clip)));
    }

    [Fact]
    public void SameSeedDecodesToIdenticalFramesAndAudio()
    {
        foreach (var split in SynthEmoSplit.All)
        {
            string video = $"clips/{split.Name}/{split.Name}_00000.mp4";
            var a = SynthEmoWorlds.Decode(worlds.A, video);
            var again = SynthEmoWorlds.Decode(worlds.ASequential, video);
            Assert.Equal(SynthEmoWorlds.Format.FrameCount, a.Frames);
            Assert.Equal(a.Video, again.Video);
            Assert.Equal(a.Audio, again.Audio);
            Assert.True(a.Audio.Length >= SynthEmoWorlds.Format.SampleCount, $"{video}: {a.Audio.Length} audio samples");
        }
    }

    [Fact]
    public void DifferentSeedGivesDifferentManifestsAndMedia()
    {
        foreach (string name in ManifestNames)
            Assert.NotEqual(File.ReadAllText(Path.Combine(worlds.A.OutDir, name)), File.ReadAllText(Path.Combine(worlds.B.OutDir, name)));
        Assert.NotEqual(worlds.A.OptionsHash, worlds.B.OptionsHash);
        var a = SynthEmoWorlds.Decode(worlds.A, "clips/test_id/test_id_00000.mp4");
        var b = SynthEmoWorlds.Decode(worlds.B, "clips/test_id/test_id_00000.mp4");
        Assert.NotEqual(a.Video, b.Video);
        Assert.NotEqual(a.Audio, b.Audio);
    }
}
