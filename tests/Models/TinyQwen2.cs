using System.Text.Json;
using R1Omni.Checkpoints;
using R1Omni.Config;
using R1Omni.Models.Qwen2;
using static TorchSharp.torch;

namespace R1Omni.Tests.Models;

/// <summary>A tiny Qwen2 configuration and seeded model for tests (same code path as the real shapes).</summary>
public static class TinyQwen2
{
    public static string ConfigJson(int vocab = 97, bool tie = true, int layers = 2, int hidden = 32) => $$"""
        {
          "architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2",
          "vocab_size": {{vocab}}, "hidden_size": {{hidden}}, "intermediate_size": 64,
          "num_hidden_layers": {{layers}}, "num_attention_heads": 4, "num_key_value_heads": 2,
          "rms_norm_eps": 1e-6, "rope_theta": 10000.0, "tie_word_embeddings": {{(tie ? "true" : "false")}},
          "hidden_act": "silu", "max_position_embeddings": 512, "bos_token_id": 1, "eos_token_id": 2,
          "sliding_window": null, "use_sliding_window": false, "torch_dtype": "float32"
        }
        """;

    public static Qwen2Config Config(int vocab = 97, bool tie = true) =>
        Qwen2Config.FromJson(JsonDocument.Parse(ConfigJson(vocab, tie)).RootElement, "tiny config");

    /// <summary>std 0.2 (not HF's 0.02) so that tiny random models have peaked, tie-free distributions.</summary>
    public static Qwen2ForCausalLM Model(long seed = 1, bool tie = true, ScalarType dtype = ScalarType.Float32)
    {
        var m = new Qwen2ForCausalLM(Config(tie: tie), dtype);
        m.InitWeights(seed, std: 0.2);
        return m;
    }

    /// <summary>Writes an HF folder (config.json + model.safetensors) for the model; the tied head is not saved.</summary>
    public static string SaveFolder(Qwen2ForCausalLM model, string? configJson = null)
    {
        string dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir, "config.json"), configJson ?? ConfigJson(tie: model.Config.TieWordEmbeddings));
        SafetensorsWriter.Save(Path.Combine(dir, "model.safetensors"), StateDict.Of(model));
        return dir;
    }
}
