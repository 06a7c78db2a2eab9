using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Inference;
using R1Omni.Media;
using R1Omni.Models.HumanOmni;
using R1Omni.Presets;
using R1Omni.Prompts;
using R1Omni.Runtime;
using R1Omni.SynthEmo;
using R1Omni.Training;
using R1Omni.Training.Grpo;
using R1Omni.Training.Sft;

namespace R1Omni.Reproduce;

/// <summary>
/// A miniature run folder and its stages, each resumable: <c>synthemo/</c> (the world), <c>models/init</c> (the random
/// miniature), <c>runs/NAME</c> (training runs, <c>runs/base</c> the HumanOmni-0.5B analogue) and <c>eval/MODEL/SPLIT</c> (predictions and metrics). A
/// stage that already finished returns at once and an interrupted one continues from its checkpoint, so the main job and
/// the notebooks share one folder: a notebook pointed at a finished run folder shows it without retraining.
/// Released checkpoints (<see cref="Released"/>) stand in for trained stages and real manifests (<see cref="Manifests"/>)
/// for SynthEmo's splits, which is how the notebooks switch to the paper's models and datasets.
/// </summary>
public sealed class MiniatureRun(string folder, ReproducePreset preset, int seed, TextWriter log)
{
    /// <summary>
    /// The question each model is evaluated with: the one its own stage trained on (the HumanOmni analogue and label-only
    /// SFT: the evaluation scripts' question; the cold start: the README demo instruct, as EMER-SFT; GRPO: its rollout
    /// question, QUESTION_TEMPLATE(problem), under the Qwen2-VL template its checkpoint carries). A released checkpoint
    /// is asked the evaluation scripts' question, as the paper's table.
    /// </summary>
    public string InstructFor(string model) => IsReleased(model) ? R1OmniPrompts.EvalInstruct : model switch
    {
        "cold_start_sft" => R1OmniPrompts.DemoInstruct,
        _ when IsGrpoRun(model) => R1OmniPrompts.QuestionTemplate(R1OmniPrompts.GrpoProblem),
        _ => R1OmniPrompts.EvalInstruct,
    };

    /// <summary>Run names of GRPO variants (<c>ablation-GROUP-VALUE</c>, see <c>GrpoAblations</c>), which are asked GRPO's question as <c>grpo</c> is.</summary>
    public const string GrpoAblationPrefix = "ablation-";

    static bool IsGrpoRun(string model) => model == "grpo" || model.StartsWith(GrpoAblationPrefix, StringComparison.Ordinal);

    /// <summary>The models of R1-Omni's Table 1, in its order: the stages <see cref="EnsureTrained"/> knows.</summary>
    public static readonly IReadOnlyList<string> Models = ["base", "cold_start_sft", "label_sft", "grpo"];

    /// <summary>
    /// The run folder of a preset and seed when none is named: <c>runs/reproduce-PRESET</c> (with <c>-seedN</c> for a
    /// seed other than 0), shared by the main job and the notebooks, so each shows what the other trained.
    /// </summary>
    public static string DefaultFolder(string preset, int seed) =>
        Path.Combine(AppPaths.RepoRoot, "runs", seed == 0 ? $"reproduce-{preset}" : $"reproduce-{preset}-seed{seed}");

    public string Folder { get; } = Path.GetFullPath(folder);
    public ReproducePreset Preset => preset;
    public int Seed => seed;
    public string WorldDir => Path.Combine(Folder, "synthemo");
    /// <summary>The randomly initialised miniature, before the HumanOmni analogue's pretraining.</summary>
    public string InitModelDir => Path.Combine(Folder, "models", "init");
    public string RunsDir => Path.Combine(Folder, "runs");
    public string EvalDir => Path.Combine(Folder, "eval");

    /// <summary>Checkpoint folders by model name (see <see cref="Models"/>) used instead of training that stage; null values are ignored.</summary>
    public IReadOnlyDictionary<string, string?> Released { get; init; } = new Dictionary<string, string?>();
    /// <summary>
    /// Workbench manifests by split name used instead of SynthEmo's (e.g. cold_start → EMER, test_id → DFEW, test_ood →
    /// RAVDESS); null values are ignored. Training always reads SynthEmo's conversations.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Manifests { get; init; } = new Dictionary<string, string?>();
    /// <summary>Tower and BERT overrides for evaluated checkpoints (released ones name the authors' paths).</summary>
    public HumanOmniLoadOptions LoadOptions { get; init; } = new();
    /// <summary>
    /// Decoded clips shared by every stage and evaluation of this run object: the same videos are read by SFT, GRPO, its
    /// probe and four evaluations, and ffmpeg (≈ 0.2 s a clip here) would otherwise dominate the miniature's time.
    /// </summary>
    public DecodedMediaCache MediaCache { get; init; } = new(MediaCacheBytes);

    /// <summary><see cref="MediaCache"/>'s capacity: every clip of a SynthEmo world many times over (≈ 0.2 MB a clip).</summary>
    public const long MediaCacheBytes = 2L << 30;

    /// <summary>Where and in which precision evaluation runs (training stays fp32 on the CPU).</summary>
    public string Device { get; init; } = "cpu";
    public string Dtype { get; init; } = "fp32";

    /// <summary>The training run folder of a stage (<c>runs/NAME</c>), holding metrics.jsonl and checkpoints.</summary>
    public string RunDir(string name) => Path.Combine(RunsDir, name);

    /// <summary>A training run's per-step metrics (<c>runs/NAME/metrics.jsonl</c>).</summary>
    public string MetricsFile(string name) => Path.Combine(RunDir(name), MetricsLogger.FileName);

    /// <summary>A split's conversation file (cold_start, rl_train, test_id, test_ood) in the R1-Omni JSON layout.</summary>
    public string Conversations(string split) => Path.Combine(WorldDir, split + ".json");

    /// <summary>A split's workbench manifest (video, audio, label per line): the configured one, else SynthEmo's (generated when missing).</summary>
    public Manifest Manifest(string split)
    {
        if (Manifests.GetValueOrDefault(split) is { } configured) return ManifestJsonl.Read(configured);
        string path = Path.Combine(WorldDir, split + ManifestWriter.ManifestSuffix);
        if (!File.Exists(path)) EnsureWorld();
        return ManifestJsonl.Read(path);
    }

    /// <summary>The checkpoint of a model of <see cref="Models"/>: the released one when configured, else its stage's —
    /// trained first (with the stages before it) when the run folder lacks it.</summary>
    public string EnsureTrained(string model) => Released.GetValueOrDefault(model) ?? model switch
    {
        "base" => TrainBase(),
        "cold_start_sft" => TrainColdStartSft(),
        "label_sft" => TrainLabelSft(),
        "grpo" => TrainGrpo(),
        _ => throw new R1OmniException($"unknown model '{model}' (expected one of {string.Join(", ", Models)})"),
    };

    /// <summary>Whether the model comes from a configured checkpoint rather than a stage of this run folder.</summary>
    public bool IsReleased(string model) => Released.GetValueOrDefault(model) is not null;

    /// <summary>Generates the SynthEmo world (rendered clips are cached, so a second call only checks them).</summary>
    public SynthEmoResult EnsureWorld() => SynthEmoWorld.Generate(WorldDir, preset.World);

    /// <summary>
    /// Decodes the world's clips a stage is about to read into <see cref="MediaCache"/> two at a time, since the stage
    /// reads them one at a time. Each decode already runs its video and audio ffmpeg side by side, so on two cores more
    /// gain nothing (measured: 0.22 s a clip one at a time, 0.15 s two at a time, 0.145 s four). A clip that fails is
    /// reported by the stage when it reads it.
    /// </summary>
    void Prefetch(IEnumerable<string> videos) =>
        new VideoClipLoader(numFrames: preset.Model.NumFrames, cache: MediaCache).Prefetch(videos.Distinct(StringComparer.Ordinal).ToList(), parallelism: 2);

    static IEnumerable<string> Videos(string conversations) =>
        ConversationJson.Read(conversations, Path.GetDirectoryName(conversations)!).Items.Select(i => i.Video);

    /// <summary>The random miniature (tiny widths, SynthEmo's vocabulary, 3 s of audio) in the released layout, written once.</summary>
    public string EnsureInitModel()
    {
        if (!File.Exists(Path.Combine(InitModelDir, "model.safetensors"))) HumanOmniPresetWriter.Write(InitModelDir, preset.Model, seed);
        return InitModelDir;
    }

    /// <summary>The HumanOmni-0.5B analogue: instruction SFT of the random model on the pretrain split (face and voice
    /// descriptions, emotion questions answered in free text); a finished run is returned as it is.</summary>
    public string TrainBase() => TrainSft("base", Conversations("pretrain"), preset.Pretrain, EnsureInitModel,
                                          c => c with { Qwen2VlShare = preset.PretrainQwen2VlShare });

    /// <summary>Cold-start SFT from the base on the rationale split (the EMER-SFT analogue); a finished run is returned as it is.</summary>
    public string TrainColdStartSft() => TrainSft("cold_start_sft", Conversations("cold_start"), preset.ColdStart, () => EnsureTrained("base"),
                                                  c => c with { Qwen2VlShare = preset.ColdStartQwen2VlShare });

    /// <summary>Label-only SFT from the base on the RL split's bare labels (the MAFW-DFEW-SFT analogue); a finished run is returned as it is.</summary>
    public string TrainLabelSft() => TrainSft("label_sft", Conversations("rl_train"), preset.LabelSft, () => EnsureTrained("base"));

    /// <summary>SFT of <paramref name="from"/>'s checkpoint with a stage budget, changed by <paramref name="adjust"/>; returns the last checkpoint.</summary>
    public string TrainSft(string name, string trainData, StageBudget budget, Func<string> from, Func<SftConfig, SftConfig>? adjust = null)
    {
        EnsureWorld();
        int steps = budget.Epochs * (int)Math.Ceiling(ConversationJson.Read(trainData, Path.GetDirectoryName(trainData)!).Count / (double)budget.BatchSize);
        var config = SftConfig.ColdStart with
        {
            TrainData = trainData, OutputDir = RunDir(name), NumTrainEpochs = budget.Epochs, PerDeviceTrainBatchSize = budget.BatchSize,
            GradientAccumulationSteps = 1, LearningRate = budget.LearningRate, SaveSteps = Math.Max(1, steps / 2), SaveTotalLimit = 1,
            LoggingSteps = Math.Max(1, steps / 10), Seed = seed, Tensorboard = false,
        };
        if (adjust is not null) config = adjust(config);
        if (Finished(name, steps) is { } done) return done;
        config = config with { Model = from() };
        Prefetch(Videos(trainData));
        var result = SftTrainer.Run(config, resume: true, log, mediaCache: MediaCache);
        return result.LastCheckpoint ?? RunCheckpoints.Latest(RunDir(name)) ?? throw new R1OmniException($"{RunDir(name)}: SFT finished without a checkpoint");
    }

    /// <summary>
    /// GRPO on the RL split from <paramref name="from"/> (default: the cold-start checkpoint) with R1-Omni's settings at
    /// the preset's budget — all prompts of a step sharing each generation and log-prob pass, the frozen towers' outputs
    /// kept, the learning probe on the probe split — changed by <paramref name="adjust"/>; returns the last checkpoint.
    /// </summary>
    public string TrainGrpo(string name = "grpo", Func<GrpoConfig, GrpoConfig>? adjust = null, string? from = null)
    {
        EnsureWorld();
        var budget = preset.Grpo;
        var config = GrpoConfig.Defaults with
        {
            TrainData = Conversations("rl_train"), OutputDir = RunDir(name), NumTrainEpochs = budget.Epochs,
            GradientAccumulationSteps = budget.BatchSize, PromptsPerPass = budget.BatchSize, CacheMedia = true,
            NumGenerations = preset.NumGenerations, MaxCompletionLength = preset.MaxCompletionLength, LearningRate = budget.LearningRate,
            ProbeData = Conversations("probe"), ProbeSteps = preset.ProbeSteps,
            SaveTotalLimit = 1, LoggingSteps = 1, Seed = seed, Tensorboard = false, Dtype = "fp32", Device = "cpu",
        };
        if (adjust is not null) config = adjust(config);
        int steps = config.MaxSteps > 0 ? config.MaxSteps
            : config.NumTrainEpochs * (ConversationJson.Read(config.TrainData!, WorldDir).Count / config.PromptsPerStep) * config.NumIterations;
        config = config with { SaveSteps = Math.Max(1, steps / 2), LogCompletionsSteps = Math.Max(1, steps / 10) };
        if (Finished(name, steps) is { } done) return done;
        config = config with { Model = from ?? EnsureTrained("cold_start_sft") };
        Prefetch(Videos(config.TrainData!).Concat(config.ProbeData is null ? [] : Videos(config.ProbeData)));
        GrpoTrainer.Run(config, resume: true, log, MediaCache);
        return RunCheckpoints.Latest(RunDir(name)) ?? throw new R1OmniException($"{RunDir(name)}: GRPO finished without a checkpoint");
    }

    /// <summary>
    /// The last checkpoint of a training run once it has taken <paramref name="steps"/> steps, or null. A finished stage
    /// returns it without the trainer, which would load the model and the data only to find nothing left to do.
    /// </summary>
    public string? Finished(string name, int steps) =>
        RunCheckpoints.Latest(RunDir(name)) is { } latest && TrainerState.Read(latest).GlobalStep >= steps ? latest : null;

    /// <summary>
    /// Greedy evaluation of a checkpoint on a split (answer mode) into <c>eval/MODEL/SPLIT</c> (a suffix names a
    /// modality other than video+audio); resumes from the predictions already written. <paramref name="manifest"/>
    /// replaces the world's split (e.g. a real test set), <paramref name="split"/> then names it.
    /// </summary>
    public EmotionMetricsResult Evaluate(string model, string checkpoint, string split, PromptModality modality = PromptModality.VideoAudio, Manifest? manifest = null)
    {
        using var session = LoadSession(checkpoint);
        return Evaluate(session, model, split, modality, manifest);
    }

    /// <summary>A checkpoint loaded for evaluation: on <see cref="Device"/> in <see cref="Dtype"/>, with <see cref="LoadOptions"/> and <see cref="MediaCache"/>.</summary>
    public HumanOmniInference LoadSession(string checkpoint)
    {
        var device = TorchRuntime.ParseDevice(Device);
        return HumanOmniInference.Load(checkpoint, ComputeDtype.Parse(Dtype, device), device, LoadOptions, mediaCache: MediaCache);
    }

    /// <summary>
    /// A model of <see cref="Models"/> on a split: a finished evaluation is scored again from its predictions without
    /// loading the model; otherwise the model's checkpoint (trained first when missing) is evaluated, resuming.
    /// </summary>
    public EmotionMetricsResult EnsureEvaluated(string model, string split, PromptModality modality = PromptModality.VideoAudio)
    {
        var manifest = Manifest(split);
        string folder = EvalFolder(model, split, modality);
        var done = Predictions(model, split, modality).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        if (!manifest.Items.All(i => done.Contains(i.Id))) return Evaluate(model, EnsureTrained(model), split, modality, manifest);
        var summary = EvaluationRunner.Run(manifest, _ => throw new InvalidOperationException("every item has its prediction"), folder, EvaluationOptions(TextWriter.Null));
        return summary.Scores.First(s => s.Mode == AnswerMode.Answer).Metrics;
    }

    /// <summary>The stored predictions of a model on a split (empty before its evaluation).</summary>
    public IReadOnlyList<PredictionRecord> Predictions(string model, string split, PromptModality modality = PromptModality.VideoAudio)
    {
        string path = Path.Combine(EvalFolder(model, split, modality), EvaluationRunner.PredictionsFile);
        return File.Exists(path) ? PredictionStore.ReadAll(path) : [];
    }

    /// <inheritdoc cref="Evaluate(string, string, string, PromptModality, Manifest?)"/>
    public EmotionMetricsResult Evaluate(HumanOmniInference session, string model, string split, PromptModality modality = PromptModality.VideoAudio, Manifest? manifest = null)
    {
        bool world = manifest is null && Manifests.GetValueOrDefault(split) is null;   // a real test set may not fit the cache
        manifest ??= Manifest(split);
        if (world)
        {
            var done = Predictions(model, split, modality).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            Prefetch(manifest.Items.Where(i => !done.Contains(i.Id)).Select(i => i.Video));
        }
        var summary = ManifestEvaluation.Run(session, manifest, EvalFolder(model, split, modality), InstructFor(model), modality,
                                             session.DefaultOptions(preset.EvalMaxNewTokens), EvaluationOptions(log), log);
        return summary.Scores.First(s => s.Mode == AnswerMode.Answer).Metrics;
    }

    EvaluationOptions EvaluationOptions(TextWriter progress) =>
        new() { BatchSize = preset.EvalBatchSize, Modes = [AnswerMode.Answer, AnswerMode.Raw], Progress = progress };

    /// <summary>Format compliance of a model's stored answers on a split: the percentage with R1-Omni's think/answer format.</summary>
    public double FormatCompliance(string model, string split, PromptModality modality = PromptModality.VideoAudio) =>
        FormatReward.CompliancePercent(Predictions(model, split, modality).Select(p => p.Response).ToList());

    /// <summary>Where <see cref="Evaluate(string, string, string, PromptModality, Manifest?)"/> writes predictions.jsonl and metrics.json.</summary>
    public string EvalFolder(string model, string split, PromptModality modality = PromptModality.VideoAudio) =>
        Path.Combine(EvalDir, model, modality == PromptModality.VideoAudio ? split : $"{split}-{modality.ToString().ToLowerInvariant()}");
}
