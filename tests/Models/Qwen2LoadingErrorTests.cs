using R1Omni.Checkpoints;
using R1Omni.Models.Qwen2;
using static TorchSharp.torch;

namespace R1Omni.Tests.Models;

public class Qwen2LoadingErrorTests
{
    [Fact]
    public void SavedFolderLoadsBackIdentically()
    {
        using var model = TinyQwen2.Model(seed: 2);
        string dir = TinyQwen2.SaveFolder(model);
        using var loaded = Qwen2ForCausalLM.FromPretrained(dir);
        using var ids = tensor(new long[] { 1, 5, 9, 33 }).unsqueeze(0);
        using var _ = inference_mode();
        Assert.True(model.Forward(model.Embed(ids)).equal(loaded.Forward(loaded.Embed(ids))).all().item<bool>());
        using var file = SafetensorsFile.Open(Path.Combine(dir, "model.safetensors"));
        Assert.DoesNotContain("lm_head.weight", file.Tensors.Keys); // tied, as HF saves it
    }

    [Fact]
    public void UntiedHeadIsSavedAndLoaded()
    {
        using var model = TinyQwen2.Model(seed: 2, tie: false);
        string dir = TinyQwen2.SaveFolder(model);
        using var file = SafetensorsFile.Open(Path.Combine(dir, "model.safetensors"));
        Assert.Contains("lm_head.weight", file.Tensors.Keys);
        using var loaded = Qwen2ForCausalLM.FromPretrained(dir);
    }

    [Fact]
    public void MalformedConfigNamesTheFile()
    {
        using var model = TinyQwen2.Model();
        string dir = TinyQwen2.SaveFolder(model, configJson: "{ \"model_type\": \"qwen2\", \"hidden_size\": ");
        var e = Assert.Throws<R1OmniException>(() => Qwen2ForCausalLM.FromPretrained(dir));
        Assert.Contains("config.json", e.Message);
    }

    [Fact]
    public void CheckpointMissingALayerNamesTheKey()
    {
        using var model = TinyQwen2.Model();
        string dir = TinyQwen2.SaveFolder(model);
        // Rewrite the checkpoint without layer 1's down projection.
        var kept = StateDict.Of(model).Where(kv => kv.Key != "model.layers.1.mlp.down_proj.weight").ToList();
        SafetensorsWriter.Save(Path.Combine(dir, "model.safetensors"), kept);
        var e = Assert.Throws<R1OmniException>(() => Qwen2ForCausalLM.FromPretrained(dir));
        Assert.Contains("model.layers.1.mlp.down_proj.weight", e.Message);
    }

    [Fact]
    public void VocabSizeMismatchIsReportedWithBothSizes()
    {
        using var model = TinyQwen2.Model();
        string dir = TinyQwen2.SaveFolder(model, configJson: TinyQwen2.ConfigJson(vocab: 120));
        var e = Assert.Throws<R1OmniException>(() => Qwen2ForCausalLM.FromPretrained(dir));
        Assert.Contains("vocab_size 120", e.Message);
        Assert.Contains("97", e.Message);
    }

    [Fact]
    public void PromptIdsOutsideTheVocabularyAreRejected()
    {
        using var model = TinyQwen2.Model();
        var e = Assert.Throws<R1OmniException>(() => R1Omni.Generation.GenerationEngine.Generate(model, [[1, 500]], new()));
        Assert.Contains("500", e.Message);
    }
}
