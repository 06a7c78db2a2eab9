using System.Text.Json;
using System.Text.Json.Nodes;
using R1Omni.Checkpoints;
using R1Omni.Config;
using R1Omni.Models.Bert;
using R1Omni.Models.Common;
using R1Omni.Models.HumanOmni;
using R1Omni.Models.Siglip;
using R1Omni.Models.Whisper;
using R1Omni.Prompts;
using R1Omni.Runtime;
using R1Omni.Tokenizers;
using static TorchSharp.torch;

namespace R1Omni.Presets;

/// <summary>
/// Writes a randomly initialised HumanOmni checkpoint folder in the released layout (what <see cref="HumanOmniLoader"/>
/// reads): config.json, generation_config.json, model.safetensors (LLM, projectors, gate, BERT), the Qwen2 tokenizer
/// with its chat template, and the tower folders <c>siglip/</c>, <c>whisper/</c> and <c>bert/</c> (config and
/// vocabulary) that config.json names.
/// </summary>
public static class HumanOmniPresetWriter
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string folder, HumanOmniPreset p, long seed, ChatTemplateKind template = ChatTemplateKind.Qwen2_5)
    {
        Directory.CreateDirectory(folder);
        using var scope = NewDisposeScope();
        var ids = WriteTokenizer(folder, template, p.VocabularyCorpus);
        using var model = Build(p, seed, ScalarType.Float32, ids);
        var vision = model.VisionTower;
        var audio = model.AudioTower;

        WriteJson(Path.Combine(folder, "config.json"), MainConfig(p, ids));
        WriteJson(Path.Combine(folder, GenerationConfig.FileName), GenerationJson(ids));
        SafetensorsWriter.Save(Path.Combine(folder, CheckpointReader.SingleFileName), model.ReleasedStateDict());

        string siglip = Directory.CreateDirectory(Path.Combine(folder, "siglip")).FullName;
        WriteJson(Path.Combine(siglip, "config.json"), VisionConfig(p));
        WriteJson(Path.Combine(siglip, "preprocessor_config.json"), ImageProcessorJson(p));
        SafetensorsWriter.Save(Path.Combine(siglip, CheckpointReader.SingleFileName), StateDict.Of(vision));

        string whisper = Directory.CreateDirectory(Path.Combine(folder, "whisper")).FullName;
        WriteJson(Path.Combine(whisper, "config.json"), AudioConfig(p));
        WriteJson(Path.Combine(whisper, "preprocessor_config.json"), FeatureExtractorJson(p));
        SafetensorsWriter.Save(Path.Combine(whisper, CheckpointReader.SingleFileName), StateDict.Of(audio, k => "model.encoder." + k));

        string bertDir = Directory.CreateDirectory(Path.Combine(folder, "bert")).FullName;
        WriteJson(Path.Combine(bertDir, "config.json"), BertConfigJson(p));
        File.Copy(Path.Combine(AppPaths.DataDir, "tokenizers", "bert-base-uncased", "vocab.txt"), Path.Combine(bertDir, "vocab.txt"), overwrite: true);
    }

    /// <summary>
    /// The randomly initialised model in memory, in <paramref name="dtype"/> (weights are drawn in fp32, so a seed gives
    /// the same values, rounded, in every dtype). What <see cref="Write"/> saves; benchmarks use it directly.
    /// </summary>
    public static HumanOmniQwen2ForCausalLM Build(HumanOmniPreset p, long seed, ScalarType dtype = ScalarType.Float32) =>
        Build(p, seed, dtype, p.VocabularyCorpus is null ? TokenIds.Qwen2 : throw new ArgumentException("a vocabulary subset is built by Write, with its tokenizer", nameof(p)));

    /// <summary>The vocabulary size the model gets and the special ids its configs name.</summary>
    sealed record TokenIds(int VocabSize, int EndOfText, int ImEnd)
    {
        public static TokenIds Qwen2 { get; } = new(151936, 151643, 151645);
    }

    static HumanOmniQwen2ForCausalLM Build(HumanOmniPreset p, long seed, ScalarType dtype, TokenIds ids)
    {
        var vision = new SiglipVisionModel(SiglipVisionConfig.FromJson(Parse(VisionConfig(p)), "preset"), dtype);
        var audio = new WhisperEncoder(WhisperConfig.FromJson(Parse(AudioConfig(p)), "preset"), dtype);
        var bert = new BertModel(BertConfig.FromJson(Parse(BertConfigJson(p)), "preset"), dtype);
        var model = new HumanOmniQwen2ForCausalLM(HumanOmniConfig.FromJson(Parse(MainConfig(p, ids)), "preset"), vision, audio, bert, dtype);
        WeightInit.Normal(model, p.InitializerRange, seed);
        return model;
    }

    // Qwen2's tokenizer, or its subset for the preset's corpus (the vocabulary rounded up to a multiple of 64, as
    // Qwen2 pads 151,665 tokens to 151,936 rows).
    static TokenIds WriteTokenizer(string folder, ChatTemplateKind template, IReadOnlyList<string>? corpus)
    {
        string source = Path.Combine(AppPaths.DataDir, "tokenizers", "qwen2");
        TokenIds ids;
        File.Delete(Path.Combine(folder, "tokenizer.json"));
        File.Delete(Path.Combine(folder, "tokenizer.json.gz"));
        if (corpus is null)
        {
            File.Copy(Path.Combine(source, "tokenizer.json.gz"), Path.Combine(folder, "tokenizer.json.gz"), overwrite: true);
            ids = TokenIds.Qwen2;
        }
        else
        {
            var subset = Qwen2VocabularySubset.Write(Path.Combine(source, "tokenizer.json.gz"), corpus, Path.Combine(folder, "tokenizer.json"));
            ids = new TokenIds((subset.VocabSize + 63) / 64 * 64, subset.EndOfTextId, subset.ImEndId);
        }
        WriteJson(Path.Combine(folder, "tokenizer_config.json"), new JsonObject
        {
            ["add_bos_token"] = false,
            ["bos_token"] = null,
            ["eos_token"] = "<|im_end|>",
            ["pad_token"] = "<|endoftext|>",
            ["model_max_length"] = 2048,
            ["chat_template"] = ChatTemplate.Source(template),
        });
        return ids;
    }

    static JsonObject MainConfig(HumanOmniPreset p, TokenIds ids) => new()
    {
        ["architectures"] = new JsonArray("HumanOmniQwen2ForCausalLM"),
        ["model_type"] = HumanOmniConfig.ModelType,
        ["vocab_size"] = ids.VocabSize, ["hidden_size"] = p.LlmHidden, ["intermediate_size"] = p.LlmIntermediate,
        ["num_hidden_layers"] = p.LlmLayers, ["num_attention_heads"] = p.LlmHeads, ["num_key_value_heads"] = p.LlmKvHeads,
        ["hidden_act"] = "silu", ["rms_norm_eps"] = 1e-6, ["rope_theta"] = 1000000.0, ["rope_scaling"] = null,
        ["max_position_embeddings"] = 32768, ["tie_word_embeddings"] = true, ["bos_token_id"] = ids.EndOfText, ["eos_token_id"] = ids.ImEnd,
        ["use_sliding_window"] = false, ["sliding_window"] = null, ["max_window_layers"] = p.LlmLayers, ["attention_dropout"] = 0.0,
        ["initializer_range"] = p.InitializerRange, ["torch_dtype"] = "float32",
        ["mm_vision_tower"] = "./siglip", ["mm_vision_select_layer"] = -2, ["mm_vision_select_feature"] = "patch",
        ["mm_hidden_size"] = p.VisionHidden, ["mm_projector_type"] = "all_in_one_small",
        ["mm_audio_tower"] = "./whisper", ["mm_audio_projector_type"] = "mlp2x_gelu", ["audio_hidden_size"] = p.AudioHidden,
        ["num_frames"] = p.NumFrames, ["mm_use_x_start_end"] = true, ["image_aspect_ratio"] = "pad",
        ["tokenizer_model_max_length"] = 2048, ["tokenizer_padding_side"] = "right",
        ["mm_tunable_parts"] = "mm_mlp_adapter,audio_projector,mm_language_model",
    };

    static JsonObject VisionConfig(HumanOmniPreset p) => new()
    {
        ["model_type"] = "siglip_vision_model", ["hidden_size"] = p.VisionHidden, ["intermediate_size"] = p.VisionIntermediate,
        ["num_hidden_layers"] = p.VisionLayers, ["num_attention_heads"] = p.VisionHeads, ["image_size"] = p.ImageSize,
        ["patch_size"] = p.PatchSize, ["num_channels"] = 3, ["hidden_act"] = "gelu_pytorch_tanh", ["layer_norm_eps"] = 1e-6,
    };

    static JsonObject AudioConfig(HumanOmniPreset p) => new()
    {
        ["model_type"] = "whisper", ["d_model"] = p.AudioHidden, ["encoder_layers"] = p.AudioLayers,
        ["encoder_attention_heads"] = p.AudioHeads, ["encoder_ffn_dim"] = p.AudioFfn, ["num_mel_bins"] = p.MelBins,
        ["max_source_positions"] = p.AudioSeconds * 50, ["activation_function"] = "gelu",
        ["decoder_layers"] = 1, ["decoder_attention_heads"] = p.AudioHeads, ["decoder_ffn_dim"] = p.AudioFfn,
    };

    static JsonObject BertConfigJson(HumanOmniPreset p) => new()
    {
        ["model_type"] = "bert", ["vocab_size"] = 30522, ["hidden_size"] = p.BertHidden, ["num_hidden_layers"] = p.BertLayers,
        ["num_attention_heads"] = p.BertHeads, ["intermediate_size"] = p.BertIntermediate, ["hidden_act"] = "gelu",
        ["max_position_embeddings"] = 512, ["type_vocab_size"] = 2, ["layer_norm_eps"] = 1e-12, ["pad_token_id"] = 0,
    };

    static JsonObject GenerationJson(TokenIds ids) => new()
    {
        ["bos_token_id"] = ids.EndOfText, ["eos_token_id"] = new JsonArray(ids.ImEnd, ids.EndOfText), ["pad_token_id"] = ids.EndOfText,
    };

    static JsonObject ImageProcessorJson(HumanOmniPreset p) => new()
    {
        ["image_processor_type"] = "SiglipImageProcessor", ["do_resize"] = true, ["do_rescale"] = true, ["do_normalize"] = true,
        ["resample"] = 3, ["rescale_factor"] = 1.0 / 255, ["image_mean"] = new JsonArray(0.5, 0.5, 0.5),
        ["image_std"] = new JsonArray(0.5, 0.5, 0.5), ["size"] = new JsonObject { ["height"] = p.ImageSize, ["width"] = p.ImageSize },
    };

    static JsonObject FeatureExtractorJson(HumanOmniPreset p) => new()
    {
        ["feature_extractor_type"] = "WhisperFeatureExtractor", ["feature_size"] = p.MelBins, ["sampling_rate"] = 16000,
        ["n_fft"] = 400, ["hop_length"] = 160, ["chunk_length"] = p.AudioSeconds, ["padding_value"] = 0.0,
    };

    static JsonElement Parse(JsonObject o) => JsonDocument.Parse(o.ToJsonString()).RootElement;

    static void WriteJson(string path, JsonObject o) => File.WriteAllText(path, o.ToJsonString(Indented) + "\n");
}
