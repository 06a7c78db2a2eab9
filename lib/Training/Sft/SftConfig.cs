using System.Text.Json.Serialization;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;

namespace R1Omni.Training.Sft;

/// <summary>
/// Settings of <c>r1omni sft</c>: the shared optimisation keys of <see cref="TrainingConfig"/> (defaults: the
/// cold-start settings of HumanOmni's <c>scripts/finetune_omni_emer.sh</c>) plus the init checkpoint, the training data
/// and the sequence limit. The same trainer runs label-only SFT (MAFW-DFEW-SFT style) when the data's answers are bare
/// labels.
/// </summary>
public sealed record SftConfig : TrainingConfig
{
    /// <summary>The cold-start defaults (<c>finetune_omni_emer.sh</c> over HF <c>TrainingArguments</c>): 5 epochs, 2e-5
    /// cosine with warmup 0.03, batch 16 = 2 × 8, clip 1.0, seed 42.</summary>
    public static SftConfig ColdStart { get; } = new();

    /// <summary>The checkpoint folder to start from (released layout: config.json names the tower folders).</summary>
    public string? Model { get; init; }
    /// <summary>R1-Omni conversation JSON (<c>.json</c>, a list of {video, conversations}) or a workbench manifest (<c>.jsonl</c>).</summary>
    public string? TrainData { get; init; }
    /// <summary>Folder the conversation JSON's video paths are relative to (<c>--data_folder</c>); default: the JSON's folder.</summary>
    public string? DataFolder { get; init; }
    /// <summary>Token limit applied to ids and labels before the features are spliced in (<c>model_max_length</c>).</summary>
    public int ModelMaxLength { get; init; } = 2048;
    /// <summary>Keep the frozen towers' and BERT's outputs per video in memory (they are deterministic); false recomputes them every step.</summary>
    public bool CacheFeatures { get; init; } = true;
    /// <summary>The media the first human turn carries (<c>video_audio</c>, the reference; <c>video</c>; <c>audio</c>): a
    /// modality ablation keeps only that modality's placeholder and runs only its tower.</summary>
    public PromptModality Modality { get; init; } = PromptModality.VideoAudio;
    /// <summary>
    /// The share of samples rendered as R1-Omni's GRPO conversations are — the Qwen2-VL template, the first user turn a
    /// video item and the text — instead of with the checkpoint's template (0, the reference). A model trained from
    /// scratch needs it to read the GRPO prompt later: HumanOmni's pretrained Qwen2.5 LLM reads both chat formats.
    /// </summary>
    public double Qwen2VlShare { get; init; }
    /// <summary>Overrides of config.json's <c>mm_vision_tower</c> / <c>mm_audio_tower</c>, and a bert-base-uncased folder.</summary>
    public string? VisionTower { get; init; }
    public string? AudioTower { get; init; }
    public string? Bert { get; init; }

    [JsonIgnore]
    public HumanOmniLoadOptions LoadOptions => new() { VisionTower = VisionTower, AudioTower = AudioTower, BertFolder = Bert };

    public override void Validate(string source)
    {
        base.Validate(source);
        if (string.IsNullOrWhiteSpace(Model)) Fail(source, "model", "must name the checkpoint folder to start from");
        if (!Directory.Exists(Model)) Fail(source, "model", $"names '{Model}', which is not a folder");
        if (string.IsNullOrWhiteSpace(TrainData)) Fail(source, "train_data", "must name the training data (.json conversations or .jsonl manifest)");
        if (!File.Exists(TrainData)) Fail(source, "train_data", $"names '{TrainData}', which does not exist");
        if (DataFolder is not null && !Directory.Exists(DataFolder)) Fail(source, "data_folder", $"names '{DataFolder}', which is not a folder");
        if (ModelMaxLength < 8) Fail(source, "model_max_length", $"must be at least 8, got {ModelMaxLength}");
        if (!(Qwen2VlShare >= 0 && Qwen2VlShare <= 1)) Fail(source, "qwen2_vl_share", $"must be between 0 and 1, got {Qwen2VlShare}");
    }

    public override TrainingConfig ResolvePaths(string baseFolder) => (SftConfig)base.ResolvePaths(baseFolder) with
    {
        Model = Resolve(baseFolder, Model), TrainData = Resolve(baseFolder, TrainData), DataFolder = Resolve(baseFolder, DataFolder),
        VisionTower = Resolve(baseFolder, VisionTower), AudioTower = Resolve(baseFolder, AudioTower), Bert = Resolve(baseFolder, Bert),
    };
}
