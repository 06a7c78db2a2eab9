using System.Diagnostics;
using R1Omni.Checkpoints;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using R1Omni.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Omni.Training;

/// <summary>
/// The shared machinery of a training run around a HumanOmni model, for SFT and GRPO alike: pre-flight checks, the
/// effective config in the run folder, trainable-part selection, AdamW with its schedule, gradient accumulation,
/// clipping, the non-finite policy, metrics, and atomic checkpoints with exact resume.
/// </summary>
/// <remarks>
/// A trainer loads the model from <see cref="ResumePoint"/> when there is one (else from its init checkpoint), opens
/// the run, then calls <see cref="Step"/> until <see cref="Done"/>, passing the step's backward pass (usually
/// <see cref="Accumulate"/> over its micro-batches' shares of the step loss). Checkpoints are saved every
/// <c>save_steps</c> and after the last step.
/// </remarks>
public sealed class TrainingRun : IDisposable
{
    public const string ConfigFileName = "training_config.json";

    readonly string sourceFolder;
    readonly HumanOmniLoadOptions loadOptions;
    readonly ChatTemplateKind? savedTemplate;

    TrainingRun(TrainingConfig config, HumanOmniQwen2ForCausalLM model, string sourceFolder, HumanOmniLoadOptions loadOptions,
                TrainingOptimizer optimizer, TrainerState state, int stepsPerEpoch, MetricsLogger metrics, string? resumedFrom, ChatTemplateKind? savedTemplate)
    {
        this.savedTemplate = savedTemplate;
        Config = config;
        Model = model;
        this.sourceFolder = sourceFolder;
        this.loadOptions = loadOptions;
        Optimizer = optimizer;
        State = state;
        StepsPerEpoch = stepsPerEpoch;
        Metrics = metrics;
        ResumedFrom = resumedFrom;
    }

    public TrainingConfig Config { get; }
    public string OutputDir => Config.OutputDir!;
    public HumanOmniQwen2ForCausalLM Model { get; }
    public TrainingOptimizer Optimizer { get; }
    public TrainerState State { get; private set; }
    public int StepsPerEpoch { get; }
    public MetricsLogger Metrics { get; }
    /// <summary>The checkpoint this run continued from, or null for a fresh start.</summary>
    public string? ResumedFrom { get; }
    public bool Done => State.GlobalStep >= State.TotalSteps;

    /// <summary>
    /// The checkpoint to continue from: with <paramref name="resume"/> the newest complete <c>checkpoint-N/</c> of the
    /// run folder (null if it has none yet: a fresh start). Without it, a run folder that already holds checkpoints
    /// or metrics is an error, so a finished run is never overwritten by accident. Leftover <c>.tmp</c> folders are removed.
    /// </summary>
    public static string? ResumePoint(TrainingConfig config, bool resume)
    {
        string dir = config.OutputDir!;
        RunCheckpoints.RemoveIncomplete(dir);
        string? latest = RunCheckpoints.Latest(dir);
        if (resume) return latest;
        if (latest is not null || File.Exists(Path.Combine(dir, MetricsLogger.FileName)))
            throw new R1OmniException($"output_dir '{dir}' already holds a run ({(latest is null ? MetricsLogger.FileName : Path.GetFileName(latest))}); " +
                                      "pass --resume to continue it, or choose another output_dir");
        return null;
    }

    /// <summary>
    /// Opens the run: pre-flight checks, the run's fingerprint checked (on resume) and recorded (<see cref="TrainingFingerprint"/>),
    /// the effective config written to <c>training_config.json</c>, trainable parts
    /// selected, the optimiser built; from <paramref name="resumeFrom"/> (a checkpoint whose weights the model was
    /// loaded from) the optimiser, schedule, RNG and data position are restored and later metrics lines dropped.
    /// A fresh run seeds torch's generator with <c>seed</c>.
    /// </summary>
    /// <param name="sourceFolder">The init checkpoint: its config and tokenizer files go into every saved checkpoint.</param>
    /// <param name="savedTemplate">The chat template saved checkpoints carry instead of the source's (GRPO saves its
    /// Qwen2-VL processor's, as the reference trainer does).</param>
    public static TrainingRun Open(TrainingConfig config, HumanOmniQwen2ForCausalLM model, string sourceFolder, int totalSteps, int stepsPerEpoch,
                                   TextWriter log, string tag, string? resumeFrom = null, HumanOmniLoadOptions? loadOptions = null,
                                   ChatTemplateKind? savedTemplate = null)
    {
        if (totalSteps < 1) throw new R1OmniException($"{tag}: nothing to train (0 optimiser steps; is the training data empty?)");
        string dir = Path.GetFullPath(config.OutputDir!);
        var trainable = TrainableParts.Apply(model, config.TrainableParts);
        long trainableCount = trainable.Sum(p => p.Value.numel());
        var (copies, why) = Preflight.CheckpointBudget(config.SaveTotalLimit, config.SaveSteps, totalSteps, RunCheckpoints.List(dir).Count);
        Preflight.CheckOutputFolder(dir, ReleasedCheckpointWriter.ModelBytes(model) + 2 * trainableCount * sizeof(float), copies, why);
        TrainingFingerprint.Check(dir, TrainingFingerprint.Of(config, sourceFolder), resuming: resumeFrom is not null,
                                  warn: message => log.WriteLine($"[{tag}] warning: {message}"));
        ConfigFile.Write(Path.Combine(dir, ConfigFileName), config);

        var schedule = LrSchedule.For(config, totalSteps);
        var optimizer = new TrainingOptimizer(trainable, config, schedule);
        try
        {
            TrainerState state;
            if (resumeFrom is null)
            {
                random.manual_seed(config.Seed);
                state = new TrainerState(0, totalSteps, 0, 0, 0, config.Seed, RngState.Capture(), null);
                MetricsLogger.TruncateAfter(dir, 0);
            }
            else state = Restore(resumeFrom, optimizer, model, schedule, config);
            var metrics = new MetricsLogger(dir, log, tag, totalSteps, config.LoggingSteps, config.Tensorboard);
            metrics.Info($"{(resumeFrom is null ? "starting" : $"resuming from {Path.GetFileName(resumeFrom)} at step {state.GlobalStep}")}: " +
                         $"{totalSteps} steps ({stepsPerEpoch} per epoch), {trainableCount:N0} trainable parameters in {string.Join(", ", config.TrainableParts)}, " +
                         $"{config.Dtype}, global batch {config.GlobalBatchSize} = {config.PerDeviceTrainBatchSize} × {config.GradientAccumulationSteps}");
            return new TrainingRun(config with { OutputDir = dir }, model, sourceFolder, loadOptions ?? new(), optimizer, state, stepsPerEpoch, metrics, resumeFrom, savedTemplate);
        }
        catch
        {
            optimizer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One optimiser step: <paramref name="backward"/> accumulates the step's gradients (see <see cref="Accumulate"/>)
    /// and returns the step loss; then the update. A non-finite loss or gradient norm skips the update (or aborts, per
    /// <c>on_non_finite</c>). <paramref name="dataEpoch"/>/<paramref name="dataOffset"/> say where the data stream
    /// stands after this step. <paramref name="extra"/> is read after <paramref name="backward"/> ran, so it may fill it;
    /// <paramref name="afterUpdate"/>, given the new step number, measures the updated model (e.g. a probe) for the same line.
    /// </summary>
    public StepMetrics Step(Func<double> backward, int dataEpoch, int dataOffset, IReadOnlyDictionary<string, double>? extra = null,
                            Func<int, IReadOnlyDictionary<string, double>?>? afterUpdate = null)
    {
        if (Done) throw new InvalidOperationException($"the run has already taken its {State.TotalSteps} steps");
        var clock = Stopwatch.StartNew();
        int index = State.GlobalStep;
        Optimizer.ZeroGrad();
        double meanLoss = backward();
        OptimizerUpdate update = double.IsFinite(meanLoss)
            ? Optimizer.Step(index)
            : new OptimizerUpdate(double.NaN, Optimizer.Schedule.LearningRate(index), Applied: false);
        Optimizer.ZeroGrad();
        if (!update.Applied)
        {
            string what = double.IsFinite(meanLoss) ? $"gradient norm is {update.GradNorm}" : $"loss is {meanLoss}";
            if (Config.OnNonFinite == NonFiniteAction.Abort)
                throw new R1OmniException($"step {index + 1}: the {what}; stopping (on_non_finite = abort). The last checkpoint is in {OutputDir}");
            Metrics.Warn($"step {index + 1}: the {what}; update skipped, weights and optimizer state unchanged");
        }
        int step = index + 1;
        var values = new Dictionary<string, double>(extra ?? new Dictionary<string, double>());
        if (afterUpdate?.Invoke(step) is { } measured) foreach (var (k, v) in measured) values[k] = v;
        var metrics = new StepMetrics(step, (double)step / StepsPerEpoch, meanLoss, update.GradNorm, update.LearningRate, !update.Applied,
                                      clock.Elapsed.TotalSeconds, values.Count > 0 ? values : null);
        State = State with { GlobalStep = step, Epoch = metrics.Epoch, DataEpoch = dataEpoch, DataOffset = dataOffset, LastMetrics = metrics };
        Metrics.Log(metrics);
        if (step % Config.SaveSteps == 0 || step == State.TotalSteps) SaveCheckpoint();
        return metrics;
    }

    /// <summary>
    /// Gradient accumulation: back-propagates each of the <paramref name="parts"/> shares of a step loss in turn (one
    /// graph at a time) and returns the step loss, their sum, and the seconds the backward passes took. Each share
    /// carries its own normalisation: the trainer's loss decides how parts are weighed (SFT: a micro-batch mean over the
    /// micro-batch count; GRPO: the aggregation's share).
    /// </summary>
    public static (double Loss, double BackwardSeconds) Accumulate(int parts, Func<int, Tensor> share)
    {
        if (parts < 1) throw new ArgumentOutOfRangeException(nameof(parts), parts, "at least one part");
        double loss = 0, seconds = 0;
        for (int i = 0; i < parts; i++)
        {
            using var scope = NewDisposeScope();
            var part = share(i);
            loss += part.detach().to(ScalarType.Float64).item<double>();
            var clock = Stopwatch.StartNew();
            part.backward();
            seconds += clock.Elapsed.TotalSeconds;
        }
        return (loss, seconds);
    }

    /// <summary>Saves <c>checkpoint-{step}/</c> atomically: the model in the released layout (fp32 master weights), the
    /// optimiser, schedule and trainer state, and the effective config. Older checkpoints beyond <c>save_total_limit</c> go.</summary>
    public string SaveCheckpoint()
    {
        var state = State with { TorchRngState = RngState.Capture() };
        string path = RunCheckpoints.Save(OutputDir, state.GlobalStep, folder =>
        {
            ReleasedCheckpointWriter.Write(folder, Model, sourceFolder, loadOptions, Optimizer.MasterWeights, savedTemplate);
            Optimizer.Save(Path.Combine(folder, TrainingOptimizer.StateFileName));
            new SchedulerState(Optimizer.Schedule, state.GlobalStep).Write(folder);
            ConfigFile.Write(Path.Combine(folder, ConfigFileName), Config);
            state.Write(folder);   // last: its presence marks the checkpoint complete
        }, Config.SaveTotalLimit);
        Metrics.Info($"saved {path}");
        return path;
    }

    static TrainerState Restore(string checkpoint, TrainingOptimizer optimizer, HumanOmniQwen2ForCausalLM model, LrSchedule schedule, TrainingConfig config)
    {
        var state = TrainerState.Read(checkpoint);
        var saved = SchedulerState.Read(checkpoint);
        if (saved.Schedule != schedule)
            throw new R1OmniException($"{checkpoint}: saved with schedule {saved.Schedule}, but the config now gives {schedule}; " +
                                      "resume with the settings the run started with (training data, epochs, batch sizes, learning rate, schedule)");
        if (saved.LastStep != state.GlobalStep)
            throw new R1OmniException($"{checkpoint}: {SchedulerState.FileName} is at step {saved.LastStep}, {TrainerState.FileName} at {state.GlobalStep}");
        if (state.Seed != config.Seed)
            throw new R1OmniException($"{checkpoint}: the run used seed {state.Seed}, the config gives {config.Seed}");
        optimizer.Load(Path.Combine(checkpoint, TrainingOptimizer.StateFileName));
        // The model was loaded from this checkpoint in its compute dtype; the fp32 masters come from the file itself.
        using (var reader = CheckpointReader.Open(checkpoint))
            optimizer.LoadMasterWeights(name => reader.Load(HumanOmniCheckpointKeys.ToReleased(name)!, ScalarType.Float32, model.Device));
        RngState.Restore(state.TorchRngState);
        MetricsLogger.TruncateAfter(Path.GetFullPath(config.OutputDir!), state.GlobalStep);
        return state;
    }

    public void Dispose()
    {
        Metrics.Dispose();
        Optimizer.Dispose();
    }
}
