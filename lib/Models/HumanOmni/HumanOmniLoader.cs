using R1Omni.Checkpoints;
using R1Omni.Config;
using R1Omni.Models.Bert;
using R1Omni.Models.Siglip;
using R1Omni.Models.Whisper;
using static TorchSharp.torch;

namespace R1Omni.Models.HumanOmni;

/// <summary>
/// Loads a released HumanOmni / R1-Omni checkpoint folder with the reference's policy (what HF <c>from_pretrained</c>
/// plus <c>humanomni/model/humanomni_arch.py</c> end up using): the LLM, projectors and gate from the checkpoint;
/// SigLIP and Whisper from the folders that config.json's <c>mm_vision_tower</c> / <c>mm_audio_tower</c> name
/// (absolute, or relative to the checkpoint), never from the tower copies inside it; BERT from the checkpoint's
/// <c>model.bert_model.*</c>, falling back to a bert-base-uncased folder only if absent. Every checkpoint key must be
/// used or be a known-ignored one.
/// </summary>
public static class HumanOmniLoader
{
    public static HumanOmniQwen2ForCausalLM FromPretrained(string folder, ScalarType dtype = ScalarType.Float32, Device? device = null,
                                                           HumanOmniLoadOptions? options = null)
    {
        options ??= new();
        var config = ModelConfig.Load<HumanOmniConfig>(folder);
        var (visionDir, audioDir) = TowerFolders(folder, config, options);
        var vision = SiglipVisionModel.FromPretrained(visionDir, dtype, device);
        WhisperEncoder? audio = null;
        try
        {
            audio = WhisperEncoder.FromPretrained(audioDir, dtype, device);
            return WithTowers(folder, vision, audio, dtype, device, options);
        }
        catch
        {
            vision.Dispose();
            audio?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads the checkpoint's own parts (LLM, projectors, gate, BERT) around towers that were loaded already, e.g. those
    /// of another model from the same towers (GRPO's reference shares the policy's frozen towers). On failure the towers
    /// are left to the caller.
    /// </summary>
    public static HumanOmniQwen2ForCausalLM WithTowers(string folder, SiglipVisionModel vision, WhisperEncoder audio, ScalarType dtype = ScalarType.Float32,
                                                       Device? device = null, HumanOmniLoadOptions? options = null)
    {
        options ??= new();
        var config = ModelConfig.Load<HumanOmniConfig>(folder);
        using var reader = CheckpointReader.Open(folder);
        RejectUnknownKeys(reader);
        var bert = LoadBert(folder, reader, options, dtype, device);
        HumanOmniQwen2ForCausalLM model;
        try { model = new HumanOmniQwen2ForCausalLM(config, vision, audio, bert, dtype, device); }
        catch
        {
            bert.Dispose();
            throw;
        }
        try
        {
            model.LanguageModel.LoadWeights(reader, key => HumanOmniCheckpointKeys.IsLanguageModel(key) ? key : null);
            model.Projector.LoadWeights(reader);
            model.AudioProjector.LoadWeights(reader);
            model.Gate.LoadWeights(reader);
            return model;
        }
        catch
        {
            model.DisposeOwnParts();
            throw;
        }
    }

    /// <summary>The SigLIP and Whisper folders: the options' overrides, else config.json's paths (absolute, or relative to the checkpoint).</summary>
    public static (string Vision, string Audio) TowerFolders(string folder, HumanOmniConfig config, HumanOmniLoadOptions options) =>
        (ResolveTower(folder, "mm_vision_tower", options.VisionTower ?? config.MmVisionTower),
         ResolveTower(folder, "mm_audio_tower", options.AudioTower ?? config.MmAudioTower));

    /// <summary>The folder holding the gate's BERT config and vocabulary, per <see cref="HumanOmniLoadOptions.BertFolder"/>.</summary>
    public static string? BertFolder(string checkpointFolder, HumanOmniLoadOptions options)
    {
        if (options.BertFolder is not null)
            return Directory.Exists(options.BertFolder) ? options.BertFolder
                : throw new R1OmniException($"BERT folder '{options.BertFolder}' does not exist");
        string inside = Path.Combine(checkpointFolder, "bert");
        return File.Exists(Path.Combine(inside, "config.json")) ? inside : null;
    }

    static BertModel LoadBert(string folder, CheckpointReader reader, HumanOmniLoadOptions options, ScalarType dtype, Device? device)
    {
        string? bertDir = BertFolder(folder, options);
        bool inCheckpoint = reader.Keys.Any(k => k.StartsWith(HumanOmniCheckpointKeys.Bert, StringComparison.Ordinal));
        if (!inCheckpoint)
        {
            return bertDir is not null ? BertModel.FromPretrained(bertDir, dtype, device)
                : throw new R1OmniException($"{reader.Location}: the checkpoint has no '{HumanOmniCheckpointKeys.Bert}*' weights and no " +
                                            "bert-base-uncased folder was given (option --bert, or a 'bert/' folder inside the checkpoint)");
        }
        // The gate's BERT sizes are not in the HumanOmni config: they are bert-base-uncased's unless a folder says otherwise.
        var config = bertDir is not null ? ModelConfig.Load<BertConfig>(bertDir) : new BertConfig();
        var bert = new BertModel(config, dtype, device);
        bert.LoadWeights(reader, HumanOmniCheckpointKeys.Bert);
        return bert;
    }

    static string ResolveTower(string checkpointFolder, string key, string? path)
    {
        if (string.IsNullOrEmpty(path))
            throw new R1OmniException($"{Path.Combine(checkpointFolder, "config.json")}: '{key}' is not set; give the tower folder in config.json or on the command line");
        string resolved = Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(checkpointFolder, path));
        if (!Directory.Exists(resolved))
            throw new R1OmniException($"{Path.Combine(checkpointFolder, "config.json")}: '{key}' names '{path}', but the folder '{resolved}' does not exist " +
                                      "(edit config.json or pass the folder on the command line)");
        return resolved;
    }

    static void RejectUnknownKeys(CheckpointReader reader)
    {
        var unknown = reader.Keys.Where(k => !HumanOmniCheckpointKeys.IsLanguageModel(k) && !HumanOmniCheckpointKeys.IsMultimodal(k) &&
                                             !HumanOmniCheckpointKeys.IsIgnored(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new R1OmniException($"{reader.Location}: {unknown.Count} tensor(s) that a HumanOmni checkpoint does not carry: " +
                                      string.Join(", ", unknown.Take(10).Select(k => $"'{k}'")) + (unknown.Count > 10 ? " …" : ""));
    }
}
