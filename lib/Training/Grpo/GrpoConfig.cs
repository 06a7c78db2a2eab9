using System.Text.Json.Serialization;
using R1Omni.Media;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;

namespace R1Omni.Training.Grpo;

/// <summary>
/// The settings of a GRPO run (`r1omni grpo --config FILE`), as snake_case JSON keys over <see cref="Defaults"/>, where
/// R1-Omni's values are stated once (<c>run_grpo_humanomni.sh</c> over trl 0.14's <c>GRPOConfig</c> defaults, the
/// rollout settings of <c>humanOmni_grpo_trainer.py</c>): G = 8, β = 0.04 (k3), learning rate 1e-6 with linear decay and
/// no warmup, one update per rollout batch, 16 prompts × 8 completions = 128 rollouts per optimiser step (one prompt
/// per micro-batch, 16 accumulated), 2 epochs, sampling at temperature 1.0 with top-k 50 and up to 512 new tokens,
/// LLM + projectors + gate + BERT trained, towers frozen. <see cref="GrpoOptions"/> and <see cref="GrpoLossOptions"/>
/// take their defaults from here. Relative paths are resolved against the config file's folder.
/// </summary>
public sealed record GrpoConfig : TrainingConfig
{
    public static GrpoConfig Defaults { get; } = new()
    {
        NumTrainEpochs = 2,
        PerDeviceTrainBatchSize = 1,
        GradientAccumulationSteps = 16,
        LearningRate = 1e-6,
        LrSchedulerType = LrSchedulerType.Linear,
        WarmupRatio = 0,
        SaveSteps = 1000,
        TrainableParts = Training.TrainableParts.GrpoDefault,
    };

    /// <summary>The initial policy (and reference): a HumanOmni checkpoint folder, R1-Omni's EMER cold-start model.</summary>
    public string? Model { get; init; }
    /// <summary>Overrides of config.json's <c>mm_vision_tower</c> / <c>mm_audio_tower</c>, and a bert-base-uncased folder.</summary>
    public string? VisionTower { get; init; }
    public string? AudioTower { get; init; }
    public string? Bert { get; init; }
    /// <summary>R1-Omni's RLVR JSON (video + conversations; the gpt answer is the label, as <c>load_video_dataset</c> reads it).</summary>
    public string? TrainData { get; init; }
    /// <summary>Where the JSON's video paths are relative to; default: the JSON's folder.</summary>
    public string? DataFolder { get; init; }
    /// <summary>The problem text of every prompt; null keeps the fixed question of the released <c>grpo.py</c>.</summary>
    public string? Problem { get; init; }
    public ImageFraming Framing { get; init; } = ImageFraming.PadToSquare;
    /// <summary>The media the prompts carry (<c>video_audio</c>, the reference; <c>video</c>; <c>audio</c>): a modality
    /// ablation trains on one modality's placeholder and runs only its tower.</summary>
    public PromptModality Modality { get; init; } = PromptModality.VideoAudio;
    public AudioPolicy AudioPolicy { get; init; } = AudioPolicy.SubstituteSilence;

    public int NumGenerations { get; init; } = 8;
    public int MaxCompletionLength { get; init; } = 512;
    public double Temperature { get; init; } = 1.0;
    public int TopK { get; init; } = 50;
    public double TopP { get; init; } = 1.0;
    public double Beta { get; init; } = 0.04;
    public KlEstimator KlEstimator { get; init; } = KlEstimator.K3;
    public double EpsilonLow { get; init; } = 0.2;
    public double EpsilonHigh { get; init; } = 0.2;
    public LossAggregation LossType { get; init; } = LossAggregation.Grpo;
    public RewardScaling ScaleRewards { get; init; } = RewardScaling.Group;
    /// <summary>Reward functions by name (see <see cref="IRewardFunction"/>); the total reward is their sum.</summary>
    public IReadOnlyList<string> Rewards { get; init; } = RewardFunctions.Default;
    public bool DropZeroVarianceGroups { get; init; }
    public bool MaskTruncatedCompletions { get; init; }
    /// <summary>μ: optimiser updates per rollout batch (trl's num_iterations).</summary>
    public int NumIterations { get; init; } = 1;
    public RolloutMode RolloutMode { get; init; } = RolloutMode.Shared;
    /// <summary>Completions per log-prob pass; 0 = all G at once (see <see cref="GrpoOptions.RowsPerLogProbPass"/>).</summary>
    public int RowsPerLogprobPass { get; init; }
    public bool LogEntropy { get; init; } = true;
    /// <summary>Prompts per generation batch and log-prob pass (see <see cref="GrpoOptions.PromptsPerPass"/>).</summary>
    public int PromptsPerPass { get; init; } = 1;
    /// <summary>Keep the tower outputs of every clip for the run (see <see cref="GrpoOptions.CacheMedia"/>).</summary>
    public bool CacheMedia { get; init; }
    /// <summary>Held-out clips for the learning probe (RLVR JSON like <see cref="TrainData"/>); null runs no probe.</summary>
    public string? ProbeData { get; init; }
    /// <summary>Probe the policy after every N-th update (and before the first and after the last); see <see cref="LearningProbe"/>.</summary>
    public int ProbeSteps { get; init; } = 1;
    /// <summary>Write every completion of every N-th step to completions.jsonl; 0 disables.</summary>
    public int LogCompletionsSteps { get; init; } = 10;

    /// <summary>Prompts per optimiser step.</summary>
    [JsonIgnore]
    public int PromptsPerStep => GlobalBatchSize;

    [JsonIgnore]
    public HumanOmniLoadOptions LoadOptions => new() { VisionTower = VisionTower, AudioTower = AudioTower, BertFolder = Bert };

    public override void Validate(string source)
    {
        base.Validate(source);
        if (string.IsNullOrWhiteSpace(Model)) Fail(source, "model", "must name the initial checkpoint folder (the cold-start model)");
        if (!Directory.Exists(Model)) Fail(source, "model", $"names '{Model}', which is not a folder");
        if (string.IsNullOrWhiteSpace(TrainData)) Fail(source, "train_data", "must name the RLVR JSON (video + conversations)");
        if (!File.Exists(TrainData)) Fail(source, "train_data", $"names '{TrainData}', which does not exist");
        if (DataFolder is not null && !Directory.Exists(DataFolder)) Fail(source, "data_folder", $"names '{DataFolder}', which is not a folder");
        if (PerDeviceTrainBatchSize != 1)
            Fail(source, "per_device_train_batch_size", $"must be 1 (one prompt and its G completions per micro-batch, as the reference); " +
                                                        $"raise gradient_accumulation_steps for more prompts per step, got {PerDeviceTrainBatchSize}");
        if (NumIterations < 1) Fail(source, "num_iterations", $"must be at least 1, got {NumIterations}");
        if (SaveSteps % NumIterations != 0) Fail(source, "save_steps", $"must be a multiple of num_iterations ({NumIterations}) so checkpoints fall between rollout batches, got {SaveSteps}");
        if (MaxSteps > 0 && MaxSteps % NumIterations != 0) Fail(source, "max_steps", $"must be a multiple of num_iterations ({NumIterations}), got {MaxSteps}");
        if (LogCompletionsSteps < 0) Fail(source, "log_completions_steps", $"must be ≥ 0 (0 disables the completion log), got {LogCompletionsSteps}");
        if (ProbeData is not null && !File.Exists(ProbeData)) Fail(source, "probe_data", $"names '{ProbeData}', which does not exist");
        if (ProbeSteps < 1) Fail(source, "probe_steps", $"must be at least 1, got {ProbeSteps}");
        if (Problem is { Length: 0 }) Fail(source, "problem", "must be null (the released question) or a non-empty text");
        Options().Validate(source);
        RewardFunctions.Create(Rewards, $"{source}: 'rewards'");
    }

    /// <summary>The step settings; EOS and pad ids come from the checkpoint (see <see cref="GrpoTrainer"/>).</summary>
    public GrpoOptions Options() => new()
    {
        NumGenerations = NumGenerations,
        MaxCompletionLength = MaxCompletionLength,
        Temperature = Temperature,
        TopK = TopK,
        TopP = TopP,
        Loss = new GrpoLossOptions { Beta = Beta, Kl = KlEstimator, EpsilonLow = EpsilonLow, EpsilonHigh = EpsilonHigh, Aggregation = LossType },
        RewardScaling = ScaleRewards,
        DropZeroVarianceGroups = DropZeroVarianceGroups,
        MaskTruncatedCompletions = MaskTruncatedCompletions,
        TrainBert = TrainableParts.Contains("bert_model"),
        UpdatesPerBatch = NumIterations,
        RowsPerLogProbPass = RowsPerLogprobPass,
        LogEntropy = LogEntropy,
        PromptsPerPass = PromptsPerPass,
        CacheMedia = CacheMedia,
        Modality = Modality,
    };

    public override TrainingConfig ResolvePaths(string baseFolder) => (GrpoConfig)base.ResolvePaths(baseFolder) with
    {
        Model = Resolve(baseFolder, Model), TrainData = Resolve(baseFolder, TrainData), DataFolder = Resolve(baseFolder, DataFolder),
        ProbeData = Resolve(baseFolder, ProbeData),
        VisionTower = Resolve(baseFolder, VisionTower), AudioTower = Resolve(baseFolder, AudioTower), Bert = Resolve(baseFolder, Bert),
    };

    /// <summary>Reads a config file over <see cref="Defaults"/> (relative paths are relative to the file).</summary>
    public static GrpoConfig Load(string path) => ConfigFile.Load(path, Defaults);
}
