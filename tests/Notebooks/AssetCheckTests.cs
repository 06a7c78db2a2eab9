using R1Omni.Data;
using R1Omni.Models.HumanOmni;
using R1Omni.Notebooks;
using R1Omni.Tests.Inference;

namespace R1Omni.Tests.Notebooks;

public class AssetCheckTests
{
    [Fact]
    public void UnconfiguredAndMissingAssetsAreTold()
    {
        var none = AssetCheck.Checkpoint("R1-Omni-0.5B", null);
        Assert.Equal((AssetState.NotConfigured, "not configured", ""), (none.State, none.StateText, none.Detail));
        Assert.Equal(["R1-Omni-0.5B", "checkpoint", "not configured", "", ""], none.Row);

        string gone = Path.Combine(TestPaths.NewTempDir(), "nothing");
        Assert.Equal(AssetState.Missing, AssetCheck.Checkpoint("c", gone).State);
        Assert.Equal(AssetState.Missing, AssetCheck.ModelFolder("t", gone).State);
        Assert.Equal("MISSING", AssetCheck.Manifest("m", gone + ".jsonl").StateText);
    }

    [Fact]
    public void CheckpointSizesAndTowersAreReported()
    {
        var ok = AssetCheck.Checkpoint("tiny", TinyCheckpoint.Path);
        Assert.Equal(AssetState.Ok, ok.State);
        Assert.StartsWith("LLM 2 layers × 64, ", ok.Detail);
        Assert.Contains($"vision tower found ({Path.Combine(TinyCheckpoint.Path, "siglip")})", ok.Detail);
        Assert.Contains("audio tower found", ok.Detail);

        // A tower that does not resolve makes the checkpoint unusable here; the detail says which setting to change.
        var elsewhere = AssetCheck.Checkpoint("tiny", TinyCheckpoint.Path, new HumanOmniLoadOptions { AudioTower = "/nonexistent/whisper" });
        Assert.Equal(AssetState.Invalid, elsewhere.State);
        Assert.Contains("'mm_audio_tower' names '/nonexistent/whisper'", elsewhere.Detail);

        var tower = AssetCheck.ModelFolder("siglip", Path.Combine(TinyCheckpoint.Path, "siglip"));
        Assert.Equal(AssetState.Ok, tower.State);
        Assert.StartsWith("model_type siglip_vision_model, ", tower.Detail);
        Assert.EndsWith(" GB of weights", tower.Detail);

        string notAModel = TestPaths.NewTempDir();
        var invalid = AssetCheck.Checkpoint("c", notAModel);
        Assert.Equal(AssetState.Invalid, invalid.State);
        Assert.Contains("no config.json", invalid.Detail);
    }

    [Fact]
    public void ManifestsAreCountedAndValidated()
    {
        string dir = TestPaths.NewTempDir();
        File.WriteAllBytes(Path.Combine(dir, "a.mp4"), [1]);
        string path = Path.Combine(dir, "m.jsonl");
        ManifestJsonl.Write(new Manifest("m", dir,
        [
            new ManifestItem { Id = "dfew/1", Video = Path.Combine(dir, "a.mp4"), Label = "happy", Source = "dfew" },
            new ManifestItem { Id = "dfew/2", Video = Path.Combine(dir, "gone.mp4"), Label = "sad", Source = "dfew" },
            new ManifestItem { Id = "dfew/3", Video = Path.Combine(dir, "a.mp4"), Label = "glee", Source = "dfew" },
        ]), path);

        var status = AssetCheck.Manifest("DFEW", path);
        Assert.Equal(AssetState.Ok, status.State);
        Assert.Equal("3 items, 1 valid; glee 1, happy 1, sad 1", status.Detail);

        File.WriteAllText(path, "{\"not\": \"a manifest\"}\n");
        Assert.Equal(AssetState.Invalid, AssetCheck.Manifest("DFEW", path).State);
    }
}
