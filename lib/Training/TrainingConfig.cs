using System.Text.Json.Serialization;

namespace R1Omni.Training;

/// <summary>
/// The optimisation settings every trainer shares, read from a JSON config file by <see cref="ConfigFile"/> (keys are
/// the snake_case property names, as in HF <c>TrainingArguments</c>). Defaults are the cold-start SFT settings of
/// HumanOmni's <c>scripts/finetune_omni_emer.sh</c>; a trainer for another stage derives a record from this one and
/// starts from its own defaults instance.
/// </summary>
/// <remarks>
/// Gradient accumulation averages the micro-batch losses (each already a mean over its own tokens or sequences): the
/// step's gradient is the mean of the micro-batch means (HumanOmni's forward drops HF Trainer's
/// <c>num_items_in_batch</c>, so each micro-batch loss of the reference is a mean over its own tokens).
/// </remarks>
public record TrainingConfig
{
    /// <summary>The run folder: config, metrics, TensorBoard events and <c>checkpoint-N/</c> folders.</summary>
    public string? OutputDir { get; init; }
    public int NumTrainEpochs { get; init; } = 5;
    /// <summary>Optimiser steps to run; overrides <see cref="NumTrainEpochs"/> when positive (HF semantics).</summary>
    public int MaxSteps { get; init; } = -1;
    /// <summary>Samples per micro-batch (one forward/backward).</summary>
    public int PerDeviceTrainBatchSize { get; init; } = 2;
    /// <summary>Micro-batches per optimiser step. Global batch = micro-batch × accumulation (cold start: 2 × 8 = 16).</summary>
    public int GradientAccumulationSteps { get; init; } = 8;
    public double LearningRate { get; init; } = 2e-5;
    public LrSchedulerType LrSchedulerType { get; init; } = LrSchedulerType.Cosine;
    public double WarmupRatio { get; init; } = 0.03;
    /// <summary>Overrides <see cref="WarmupRatio"/> when positive.</summary>
    public int WarmupSteps { get; init; }
    public double AdamBeta1 { get; init; } = 0.9;
    public double AdamBeta2 { get; init; } = 0.999;
    public double AdamEpsilon { get; init; } = 1e-8;
    public double WeightDecay { get; init; }
    /// <summary>Global L2 norm to clip gradients to; 0 disables clipping.</summary>
    public double MaxGradNorm { get; init; } = 1.0;
    public int Seed { get; init; } = 42;
    /// <summary>Save a checkpoint every N optimiser steps (and always after the last one).</summary>
    public int SaveSteps { get; init; } = 500;
    /// <summary>Keep only the newest N checkpoints; 0 keeps all.</summary>
    public int SaveTotalLimit { get; init; } = 2;
    /// <summary>Print a progress line every N steps (metrics.jsonl and TensorBoard get every step).</summary>
    public int LoggingSteps { get; init; } = 1;
    /// <summary>Module prefixes to train (see <see cref="TrainableParts"/>); the towers are always frozen.</summary>
    public IReadOnlyList<string> TrainableParts { get; init; } = Training.TrainableParts.SftDefault;
    /// <summary>fp32, or bf16 (bf16 compute copy of the model, fp32 master weights and optimiser state).</summary>
    public string Dtype { get; init; } = "fp32";
    public string Device { get; init; } = "cpu";
    /// <summary>CPU threads for torch; 0 leaves libtorch's default.</summary>
    public int Threads { get; init; }
    public NonFiniteAction OnNonFinite { get; init; } = NonFiniteAction.Skip;
    /// <summary>Write TensorBoard event files under <c>tensorboard/</c> of the run folder.</summary>
    public bool Tensorboard { get; init; } = true;

    /// <summary>Samples per optimiser step.</summary>
    [JsonIgnore]
    public int GlobalBatchSize => PerDeviceTrainBatchSize * GradientAccumulationSteps;

    /// <summary>The same settings with relative paths made absolute against <paramref name="baseFolder"/> (the config file's folder).</summary>
    public virtual TrainingConfig ResolvePaths(string baseFolder) => this with { OutputDir = Resolve(baseFolder, OutputDir) };

    protected static string? Resolve(string baseFolder, string? path) => path is null ? null : Path.GetFullPath(Path.Combine(baseFolder, path));

    /// <summary>Checks values; <paramref name="source"/> (the config file) is named in errors with the offending key.</summary>
    public virtual void Validate(string source)
    {
        if (string.IsNullOrWhiteSpace(OutputDir)) Fail(source, "output_dir", "must name the run folder");
        if (MaxSteps <= 0 && NumTrainEpochs < 1) Fail(source, "num_train_epochs", $"must be at least 1 when max_steps is not set, got {NumTrainEpochs}");
        if (PerDeviceTrainBatchSize < 1) Fail(source, "per_device_train_batch_size", $"must be at least 1, got {PerDeviceTrainBatchSize}");
        if (GradientAccumulationSteps < 1) Fail(source, "gradient_accumulation_steps", $"must be at least 1, got {GradientAccumulationSteps}");
        if (!(LearningRate >= 0) || double.IsInfinity(LearningRate)) Fail(source, "learning_rate", $"must be a finite number ≥ 0, got {LearningRate}");
        if (!(WarmupRatio >= 0 && WarmupRatio <= 1)) Fail(source, "warmup_ratio", $"must be between 0 and 1, got {WarmupRatio}");
        if (WarmupSteps < 0) Fail(source, "warmup_steps", $"must be ≥ 0, got {WarmupSteps}");
        if (!(AdamBeta1 >= 0 && AdamBeta1 < 1)) Fail(source, "adam_beta1", $"must be in [0, 1), got {AdamBeta1}");
        if (!(AdamBeta2 >= 0 && AdamBeta2 < 1)) Fail(source, "adam_beta2", $"must be in [0, 1), got {AdamBeta2}");
        if (!(AdamEpsilon > 0)) Fail(source, "adam_epsilon", $"must be > 0, got {AdamEpsilon}");
        if (!(WeightDecay >= 0)) Fail(source, "weight_decay", $"must be ≥ 0, got {WeightDecay}");
        if (!(MaxGradNorm >= 0)) Fail(source, "max_grad_norm", $"must be ≥ 0 (0 disables clipping), got {MaxGradNorm}");
        if (SaveSteps < 1) Fail(source, "save_steps", $"must be at least 1, got {SaveSteps}");
        if (SaveTotalLimit < 0) Fail(source, "save_total_limit", $"must be ≥ 0 (0 keeps every checkpoint), got {SaveTotalLimit}");
        if (LoggingSteps < 1) Fail(source, "logging_steps", $"must be at least 1, got {LoggingSteps}");
        if (Dtype is not ("fp32" or "bf16")) Fail(source, "dtype", $"must be fp32 or bf16, got '{Dtype}'");
        if (Threads < 0) Fail(source, "threads", $"must be ≥ 0 (0 = libtorch's default), got {Threads}");
        Training.TrainableParts.Validate(TrainableParts, source);
    }

    protected static void Fail(string source, string key, string expected) => throw new R1OmniException($"{source}: '{key}' {expected}");
}
