using System.Text.Json.Nodes;
using R1Omni.Config;

namespace R1Omni.Tests.Config;

/// <summary>Defaults, value forms and every kind of bad config input.</summary>
public class ConfigParsingTests
{
    readonly string dir = TestPaths.NewTempDir();

    /// <summary>A fixture's config.json, edited, written to a fresh folder.</summary>
    string Edited(string fixtureCase, Action<JsonObject> edit, string file = "config.json")
    {
        var json = JsonNode.Parse(File.ReadAllText(TestPaths.Fixture("parity", fixtureCase, file)))!.AsObject();
        edit(json);
        string folder = Path.Combine(dir, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, file), json.ToJsonString());
        return folder;
    }

    string Written(string text, string file = "config.json")
    {
        string folder = Path.Combine(dir, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, file), text);
        return folder;
    }

    [Fact]
    public void EosTokenIdMayBeAListAndOmittedKeysTakeQwen2Defaults()
    {
        var c = ModelConfig.Load<Qwen2Config>(Edited("qwen2", j =>
        {
            j["eos_token_id"] = new JsonArray(151645, 151643);
            foreach (string k in new[] { "rope_theta", "sliding_window", "max_window_layers", "tie_word_embeddings", "rms_norm_eps" }) j.Remove(k);
        }));
        Assert.Equal([151645, 151643], c.EosTokenIds);
        Assert.Equal((10000.0, 4096, 28, false, 1e-6), (c.RopeTheta, c.SlidingWindow, c.MaxWindowLayers, c.TieWordEmbeddings, c.RmsNormEps));
    }

    [Fact]
    public void NullKeyValueHeadsMeansOneKvHeadPerQueryHead()
    {
        var c = ModelConfig.Load<Qwen2Config>(Edited("qwen2", j => j["num_key_value_heads"] = null));
        Assert.Equal(c.NumAttentionHeads, c.NumKeyValueHeads);
    }

    [Fact]
    public void RopeScalingTypeIsRead()
    {
        var c = ModelConfig.Load<Qwen2Config>(Edited("qwen2", j => j["rope_scaling"] = new JsonObject { ["type"] = "yarn", ["factor"] = 4.0 }));
        Assert.Equal("yarn", c.RopeScalingType);
    }

    [Fact]
    public void SiglipWithoutVisionConfigIsAllDefaultsAndVisionModelConfigsReadTheirRoot()
    {
        var full = ModelConfig.Load<SiglipVisionConfig>(Written("""{"model_type": "siglip", "text_config": {}}"""));
        Assert.Equal(new SiglipVisionConfig(), full);
        Assert.Equal((768, 3072, 12, 12, 3, 224, 16, 196), (full.HiddenSize, full.IntermediateSize, full.NumHiddenLayers,
                     full.NumAttentionHeads, full.NumChannels, full.ImageSize, full.PatchSize, full.NumPatches));
        var vision = ModelConfig.Load<SiglipVisionConfig>(Written("""{"model_type": "siglip_vision_model", "hidden_size": 64, "num_attention_heads": 8}"""));
        Assert.Equal((64, 8, 3072, 224), (vision.HiddenSize, vision.NumAttentionHeads, vision.IntermediateSize, vision.ImageSize));
    }

    [Fact]
    public void WhisperAndBertDefaults()
    {
        var w = ModelConfig.Load<WhisperConfig>(Written("""{"model_type": "whisper", "num_mel_bins": 128}"""));
        Assert.Equal((128, 384, 4, 6, 1536, 1500, "gelu"), (w.NumMelBins, w.DModel, w.EncoderLayers, w.EncoderAttentionHeads,
                                                           w.EncoderFfnDim, w.MaxSourcePositions, w.ActivationFunction));
        var b = ModelConfig.Load<BertConfig>(Written("""{"model_type": "bert"}"""));
        Assert.Equal(new BertConfig(), b);
        Assert.Equal((30522, 768, 12, 12, 3072, 512, 2, 1e-12), (b.VocabSize, b.HiddenSize, b.NumHiddenLayers, b.NumAttentionHeads,
                                                                b.IntermediateSize, b.MaxPositionEmbeddings, b.TypeVocabSize, b.LayerNormEps));
    }

    [Fact]
    public void MissingConfigJsonNamesTheFolder()
    {
        var e = Assert.Throws<R1OmniException>(() => ModelConfig.Load(dir));
        Assert.Contains(dir, e.Message);
        Assert.Contains("config.json", e.Message);
        Assert.Contains("not found", Assert.Throws<R1OmniException>(() => ModelConfig.Load(Path.Combine(dir, "nope"))).Message);
    }

    [Fact]
    public void MalformedJsonNamesTheFileLineAndPosition()
    {
        string folder = Written("{\n  \"model_type\": \"qwen2\",\n  \"hidden_size\": 64,,\n  \"vocab_size\": 10\n}");
        var e = Assert.Throws<R1OmniException>(() => ModelConfig.Load(folder));
        Assert.Contains(Path.Combine(folder, "config.json"), e.Message);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("position 21", e.Message); // the second comma, 1-based
    }

    [Fact]
    public void MalformedGenerationConfigIsNamedToo()
    {
        string folder = Written("{\"eos_token_id\": [1, 2}", "generation_config.json");
        var e = Assert.Throws<R1OmniException>(() => GenerationConfig.TryLoad(folder));
        Assert.Contains("generation_config.json", e.Message);
        Assert.Contains("line 1", e.Message);
    }

    [Theory]
    [InlineData("hidden_size", "\"64\"", "field 'hidden_size' must be an integer, found a string \"64\"")]
    [InlineData("rms_norm_eps", "\"1e-6\"", "'rms_norm_eps' must be a number")]
    [InlineData("tie_word_embeddings", "1", "field 'tie_word_embeddings' must be a boolean, found a number 1")]
    [InlineData("eos_token_id", "\"</s>\"", "'eos_token_id' must be an integer or a list of integers")]
    [InlineData("num_hidden_layers", "2.5", "field 'num_hidden_layers' must be an integer, found a number 2.5")]
    [InlineData("hidden_act", "null", "'hidden_act' must be a string, found null")]
    [InlineData("rope_scaling", "\"linear\"", "'rope_scaling' must be an object")]
    public void WrongTypedKeyNamesTheKeyAndTheExpectedType(string key, string value, string expected)
    {
        string folder = Edited("qwen2", j => j[key] = JsonNode.Parse(value));
        var e = Assert.Throws<R1OmniException>(() => ModelConfig.Load(folder));
        Assert.Contains(Path.Combine(folder, "config.json"), e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void WrongTypedNestedKeyIsNamedWithItsPath()
    {
        string folder = Edited("siglip", j => j["vision_config"]!["patch_size"] = "8");
        Assert.Contains("'vision_config.patch_size' must be an integer", Assert.Throws<R1OmniException>(() => ModelConfig.Load(folder)).Message);
    }

    [Theory]
    [InlineData("num_attention_heads", 5, "must be divisible by num_attention_heads (5)")]
    [InlineData("num_key_value_heads", 3, "must be divisible by num_key_value_heads (3)")]
    [InlineData("vocab_size", 0, "'vocab_size' must be positive")]
    public void InconsistentSizesAreRejected(string key, int value, string expected)
    {
        string folder = Edited("qwen2", j => j[key] = value);
        Assert.Contains(expected, Assert.Throws<R1OmniException>(() => ModelConfig.Load(folder)).Message);
    }

    [Fact]
    public void UnknownOrMissingModelTypeListsTheSupportedOnes()
    {
        var e = Assert.Throws<R1OmniException>(() => ModelConfig.Load(Edited("qwen2", j => j["model_type"] = "llama")));
        Assert.Contains("'llama'", e.Message);
        foreach (string t in new[] { "qwen2", "HumanOmni_qwen2", "siglip", "siglip_vision_model", "whisper", "bert" }) Assert.Contains(t, e.Message);
        var missing = Assert.Throws<R1OmniException>(() => ModelConfig.Load(Edited("qwen2", j => j.Remove("model_type"))));
        Assert.Contains("model_type", missing.Message);
        Assert.Contains("HumanOmni_qwen2", missing.Message);
    }

    [Fact]
    public void RequestingTheWrongConfigTypeIsAClearError()
    {
        var e = Assert.Throws<R1OmniException>(() => ModelConfig.Load<WhisperConfig>(TestPaths.Fixture("parity", "qwen2")));
        Assert.Contains("'qwen2'", e.Message);
        Assert.Contains("Qwen2Config", e.Message);
        Assert.Contains("WhisperConfig", e.Message);
    }

    [Fact]
    public void HumanOmniRequiresItsMultimodalKeys()
    {
        var e = Assert.Throws<R1OmniException>(() => ModelConfig.Load(Edited("humanomni", j => j.Remove("mm_hidden_size"))));
        Assert.Contains("field 'mm_hidden_size' is missing (expected an integer)", e.Message);
        var c = ModelConfig.Load<HumanOmniConfig>(Edited("humanomni", j =>
        {
            foreach (string k in new[] { "num_frames", "mm_use_x_start_end", "mm_vision_select_feature", "image_aspect_ratio" }) j.Remove(k);
        }));
        Assert.Equal((8, false, "patch", null), (c.NumFrames, c.MmUseXStartEnd, c.MmVisionSelectFeature, c.ImageAspectRatio));
    }

    [Fact]
    public void GenerationConfigKeepsExplicitNullsAndReadsSampling()
    {
        var g = GenerationConfig.TryLoad(Written(
            """{"eos_token_id": [151645, 151643], "pad_token_id": 151643, "do_sample": true, "temperature": 0.7, "top_k": null, "top_p": 0.8, "repetition_penalty": 1.05, "max_new_tokens": 512}""",
            "generation_config.json"))!;
        Assert.Equal([151645, 151643], g.EosTokenIds);
        Assert.True(g.DoSample);
        Assert.Equal((0.7, null, 0.8, 1.05, 512), (g.Temperature, g.TopK, g.TopP, g.RepetitionPenalty, g.MaxNewTokens));
        Assert.Equal(151643, g.PadTokenId);
    }
}
