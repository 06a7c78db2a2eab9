using System.Text.Json.Nodes;
using R1Omni.Checkpoints;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using static TorchSharp.torch;

namespace R1Omni.Training;

/// <summary>
/// Writes a HumanOmni model folder in the released layout that <see cref="HumanOmniLoader"/> and <c>infer</c> load:
/// config.json (the source's, with the tower folders as absolute paths so the folder does not depend on where it
/// sits), model.safetensors from <see cref="HumanOmniQwen2ForCausalLM.ReleasedStateDict"/>, the tokenizer and
/// generation files copied, and the gate's BERT config and vocabulary in <c>bert/</c>. The towers are referenced, not
/// copied: they are frozen and large (Whisper-large-v3 alone is 1.3 GB).
/// </summary>
public static class ReleasedCheckpointWriter
{
    /// <summary>Files copied from the source folder when present.</summary>
    public static readonly IReadOnlyList<string> CopiedFiles =
    [
        "tokenizer.json", "tokenizer.json.gz", "tokenizer_config.json", "vocab.json", "merges.txt", "special_tokens_map.json",
        "added_tokens.json", "chat_template.json", "generation_config.json", "preprocessor_config.json",
    ];

    /// <param name="overrides">Tensors to save instead of the model's, by module name (the fp32 master weights).</param>
    /// <param name="template">A chat template to save in tokenizer_config.json instead of the source's.</param>
    public static void Write(string folder, HumanOmniQwen2ForCausalLM model, string sourceFolder, HumanOmniLoadOptions? options = null,
                             IEnumerable<KeyValuePair<string, Tensor>>? overrides = null, ChatTemplateKind? template = null)
    {
        options ??= new();
        Directory.CreateDirectory(folder);
        var (vision, audio) = HumanOmniLoader.TowerFolders(sourceFolder, model.Config, options);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(sourceFolder, "config.json")))!.AsObject();
        config["mm_vision_tower"] = Path.GetFullPath(vision);
        config["mm_audio_tower"] = Path.GetFullPath(audio);
        config["torch_dtype"] = "float32";
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString(ConfigFile.Options) + "\n");

        var replaced = overrides?.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) ?? [];
        using (var scope = NewDisposeScope())
        {
            var tensors = StateDict.Of(model)
                .Select(p => (Released: HumanOmniCheckpointKeys.ToReleased(p.Key), Value: replaced.GetValueOrDefault(p.Key, p.Value)))
                .Where(p => p.Released is not null)
                .Select(p => new KeyValuePair<string, Tensor>(p.Released!, p.Value.to(ScalarType.Float32).cpu()))
                .ToList();
            SafetensorsWriter.Save(Path.Combine(folder, CheckpointReader.SingleFileName), tensors);
        }

        foreach (string name in CopiedFiles)
        {
            string src = Path.Combine(sourceFolder, name);
            if (File.Exists(src)) File.Copy(src, Path.Combine(folder, name), overwrite: true);
        }
        if (template is { } kind) SaveTemplate(folder, kind);
        if (HumanOmniLoader.BertFolder(sourceFolder, options) is { } bert)
        {
            string dst = Directory.CreateDirectory(Path.Combine(folder, "bert")).FullName;
            foreach (string name in new[] { "config.json", "vocab.txt" })
                if (File.Exists(Path.Combine(bert, name))) File.Copy(Path.Combine(bert, name), Path.Combine(dst, name), overwrite: true);
        }
    }

    // tokenizer_config.json's chat_template replaced (a separate chat_template.json would take precedence, so it goes).
    static void SaveTemplate(string folder, ChatTemplateKind kind)
    {
        string path = Path.Combine(folder, "tokenizer_config.json");
        if (!File.Exists(path)) throw new R1OmniException($"{path}: missing; a chat template cannot be saved without it");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        config["chat_template"] = ChatTemplate.Source(kind);
        File.WriteAllText(path, config.ToJsonString(ConfigFile.Options) + "\n");
        File.Delete(Path.Combine(folder, "chat_template.json"));
    }

    /// <summary>Bytes of model.safetensors for <paramref name="model"/> (fp32, towers excluded): the disk estimate's main part.</summary>
    public static long ModelBytes(HumanOmniQwen2ForCausalLM model) =>
        model.ReleasedStateDict().Sum(p => p.Value.numel() * sizeof(float));
}
