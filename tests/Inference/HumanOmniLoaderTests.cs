using R1Omni.Checkpoints;
using R1Omni.Models.HumanOmni;

namespace R1Omni.Tests.Inference;

/// <summary>The reference's loading policy (see <see cref="HumanOmniLoader"/>) on copies of the tiny checkpoint: BERT
/// fallback, tower copies, unknown keys.</summary>
public class HumanOmniLoaderTests
{
    static string CopyCheckpoint() => TestPaths.CopyOf(TinyCheckpoint.Path);

    static void RewriteCheckpoint(string dir, Func<string, bool> keep, IEnumerable<KeyValuePair<string, TorchSharp.torch.Tensor>>? extra = null)
    {
        string path = Path.Combine(dir, "model.safetensors");
        List<KeyValuePair<string, TorchSharp.torch.Tensor>> tensors;
        using (var file = SafetensorsFile.Open(path))
            tensors = file.Tensors.Keys.Where(keep).Select(k => KeyValuePair.Create(k, file.Load(k))).ToList();
        SafetensorsWriter.Save(path, tensors.Concat(extra ?? []));
    }

    [Fact]
    public void BertFallsBackToTheBertFolderOnlyWhenTheCheckpointLacksIt()
    {
        string dir = CopyCheckpoint();
        RewriteCheckpoint(dir, k => !k.StartsWith(HumanOmniCheckpointKeys.Bert, StringComparison.Ordinal));
        // The bert/ folder has a config and vocabulary but no weights yet: a clear error naming the missing weights.
        var e = Assert.ThrowsAny<R1OmniException>(() => HumanOmniLoader.FromPretrained(dir));
        Assert.Contains("bert", e.Message, StringComparison.OrdinalIgnoreCase);

        using (var original = HumanOmniLoader.FromPretrained(TinyCheckpoint.Path))
            SafetensorsWriter.Save(Path.Combine(dir, "bert", "model.safetensors"), StateDict.Of(original.Bert));
        using var model = HumanOmniLoader.FromPretrained(dir);
        Assert.NotNull(model.Bert);
    }

    [Fact]
    public void TowerCopiesInsideTheCheckpointAreIgnoredButUnknownKeysAreNot()
    {
        string dir = CopyCheckpoint();
        using var junk = TorchSharp.torch.ones(2);
        RewriteCheckpoint(dir, _ => true, [KeyValuePair.Create("model.vision_tower.vision_tower.vision_model.post_layernorm.weight", junk)]);
        using (HumanOmniLoader.FromPretrained(dir)) { }
        RewriteCheckpoint(dir, _ => true, [KeyValuePair.Create("model.something_else.weight", junk)]);
        var e = Assert.Throws<R1OmniException>(() => HumanOmniLoader.FromPretrained(dir));
        Assert.Contains("model.something_else.weight", e.Message);
    }

    [Fact]
    public void MissingTowerSettingNamesTheConfigKey()
    {
        string dir = CopyCheckpoint();
        string config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"./whisper\"", "\"./no-whisper-here\""));
        var e = Assert.Throws<R1OmniException>(() => HumanOmniLoader.FromPretrained(dir));
        Assert.Contains("mm_audio_tower", e.Message);
        Assert.Contains("no-whisper-here", e.Message);
    }
}
