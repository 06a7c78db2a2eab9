using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Inference;
using R1Omni.Presets;
using R1Omni.Prompts;
using R1Omni.SynthEmo;
using R1Omni.Training;
using R1Omni.Training.Grpo;
using R1Omni.Training.Sft;
using static TorchSharp.torch;

namespace R1Omni.Reproduce;

/// <summary>
/// A miniature run folder and its stages, each resumable: <c>synthemo/</c> (the world), <c>models/base</c> (the tiny
/// HumanOmni-0.5B analogue), <c>runs/NAME</c> (training runs) and <c>eval/MODEL/SPLIT</c> (predictions and metrics). A
/// stage that already finished returns at once and an interrupted one continues from its checkpoint, so the main job and
/// the notebooks share one folder: a notebook pointed at a finished run folder shows it without retraining.
/// </summary>
public sealed class MiniatureRun(string folder, ReproducePreset preset, int seed, TextWriter log)
{
    /// <summary>
    /// Every model is asked the README demo question (with the think/answer request) that cold-start SFT and GRPO train
    /// on; answers are scored in answer mode (the first &lt;answer&gt; group, else the whole response).
    /// </summary>
    public const string Instruct = R1OmniPrompts.DemoInstruct;

    public string Folder { get; } = Path.GetFullPath(folder);
    public ReproducePreset Preset => preset;
    public int Seed => seed;
    public string WorldDir => Path.Combine(Folder, "synthemo");
    public string BaseModelDir => Path.Combine(Folder, "models", "base");
    public string RunsDir => Path.Combine(Folder, "runs");
    public string EvalDir => Path.Combine(Folder, "eval");

    /// <summary>The training run folder of a stage (<c>runs/NAME</c>), holding metrics.jsonl and checkpoints.</summary>
    public string RunDir(string name) => Path.Combine(RunsDir, name);

    /// <summary>A split's conversation file (cold_start, rl_train, test_id, test_ood) in the R1-Omni JSON layout.</summary>
    public string Conversations(string split) => Path.Combine(WorldDir, split + ".json");

    /// <summary>A split's workbench manifest (video, audio, label per line).</summary>
    public Manifest Manifest(string split) => ManifestJsonl.Read(Path.Combine(WorldDir, split + ManifestWriter.ManifestSuffix));

    /// <summary>Generates the SynthEmo world (rendered clips are cached, so a second call only checks them).</summary>
    public SynthEmoResult World() => SynthEmoWorld.Generate(WorldDir, preset.World);

    /// <summary>The untrained base model in the released layout, written once.</summary>
    public string BaseModel()
    {
        if (!File.Exists(Path.Combine(BaseModelDir, "model.safetensors"))) HumanOmniPresetWriter.Write(BaseModelDir, preset.Model, seed);
        return BaseModelDir;
    }

    /// <summary>Cold-start SFT on the rationale conversations (the EMER-SFT analogue).</summary>
    public string ColdStartSft() => Sft("cold_start_sft", Conversations("cold_start"), preset.ColdStartSteps);

    /// <summary>Label-only SFT on the RL-train split's bare labels (the MAFW-DFEW-SFT analogue).</summary>
    public string LabelSft() => Sft("label_sft", Conversations("rl_train"), preset.LabelSftSteps);

    /// <summary>SFT of the base model with the preset's settings, changed by <paramref name="adjust"/>; returns the last checkpoint.</summary>
    public string Sft(string name, string trainData, int steps, Func<SftConfig, SftConfig>? adjust = null)
    {
        World();
        var config = SftConfig.ColdStart with
        {
            Model = BaseModel(), TrainData = trainData, OutputDir = RunDir(name), MaxSteps = steps, PerDeviceTrainBatchSize = preset.SftBatchSize,
            GradientAccumulationSteps = 1, LearningRate = preset.SftLearningRate, SaveSteps = Math.Max(1, steps / 2), SaveTotalLimit = 1,
            LoggingSteps = Math.Max(1, steps / 10), Seed = seed, Tensorboard = false,
        };
        var result = SftTrainer.Run(adjust is null ? config : adjust(config), resume: true, log);
        return result.LastCheckpoint ?? RunCheckpoints.Latest(RunDir(name)) ?? throw new R1OmniException($"{RunDir(name)}: SFT finished without a checkpoint");
    }

    /// <summary>
    /// GRPO on the RL-train split from <paramref name="from"/> (default: the cold-start checkpoint) with R1-Omni's
    /// settings at the preset's sizes, changed by <paramref name="adjust"/> (β, G, loss, rewards…); returns the last checkpoint.
    /// </summary>
    public string Grpo(string name = "grpo", Func<GrpoConfig, GrpoConfig>? adjust = null, string? from = null)
    {
        var config = GrpoConfig.Defaults with
        {
            Model = from ?? ColdStartSft(), TrainData = Conversations("rl_train"), OutputDir = RunDir(name), MaxSteps = preset.GrpoSteps,
            GradientAccumulationSteps = preset.GrpoPromptsPerStep, NumGenerations = preset.NumGenerations,
            MaxCompletionLength = preset.MaxCompletionLength, LearningRate = preset.GrpoLearningRate,
            SaveSteps = Math.Max(1, preset.GrpoSteps / 2), SaveTotalLimit = 1, LoggingSteps = 1, Seed = seed, Tensorboard = false,
            Dtype = "fp32", Device = "cpu",
        };
        GrpoTrainer.Run(adjust is null ? config : adjust(config), resume: true, log);
        return RunCheckpoints.Latest(RunDir(name)) ?? throw new R1OmniException($"{RunDir(name)}: GRPO finished without a checkpoint");
    }

    /// <summary>
    /// Greedy evaluation of a checkpoint on a split (answer mode) into <c>eval/MODEL/SPLIT</c> (a suffix names a
    /// modality other than video+audio); resumes from the predictions already written. <paramref name="manifest"/>
    /// replaces the world's split (e.g. a real test set), <paramref name="split"/> then names it.
    /// </summary>
    public EmotionMetricsResult Evaluate(string model, string checkpoint, string split, PromptModality modality = PromptModality.VideoAudio, Manifest? manifest = null)
    {
        using var session = HumanOmniInference.Load(checkpoint, ScalarType.Float32, CPU);
        return Evaluate(session, model, split, modality, manifest);
    }

    /// <inheritdoc cref="Evaluate(string, string, string, PromptModality, Manifest?)"/>
    public EmotionMetricsResult Evaluate(HumanOmniInference session, string model, string split, PromptModality modality = PromptModality.VideoAudio, Manifest? manifest = null)
    {
        var options = new EvaluationOptions { BatchSize = preset.EvalBatchSize, Modes = [AnswerMode.Answer, AnswerMode.Raw], Progress = log };
        var summary = ManifestEvaluation.Run(session, manifest ?? Manifest(split), EvalFolder(model, split, modality), Instruct, modality,
                                             session.DefaultOptions(preset.EvalMaxNewTokens), options, log);
        return summary.Scores.First(s => s.Mode == AnswerMode.Answer).Metrics;
    }

    /// <summary>Where <see cref="Evaluate(string, string, string, PromptModality, Manifest?)"/> writes predictions.jsonl and metrics.json.</summary>
    public string EvalFolder(string model, string split, PromptModality modality = PromptModality.VideoAudio) =>
        Path.Combine(EvalDir, model, modality == PromptModality.VideoAudio ? split : $"{split}-{modality.ToString().ToLowerInvariant()}");
}
