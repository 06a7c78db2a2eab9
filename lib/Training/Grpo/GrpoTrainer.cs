using System.Diagnostics;
using R1Omni.Data;
using R1Omni.Media;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using R1Omni.Runtime;
using R1Omni.SynthEmo;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Omni.Training.Grpo;

/// <summary>
/// R1-Omni's GRPO training loop (<c>src/r1-v/src/open_r1/trainer/humanOmni_grpo_trainer.py</c>, launched by
/// <c>src/scripts/run_grpo_humanomni.sh</c>) on the shared run machinery (<see cref="TrainingRun"/>: AdamW, schedule,
/// clipping, non-finite policy, checkpoints with exact resume, metrics). Each rollout batch takes the next
/// <see cref="GrpoConfig.PromptsPerStep"/> prompts of the epoch's shuffled order, samples G completions per prompt with
/// the policy, scores them, and is used for μ optimiser updates; each update accumulates one micro-batch per prompt
/// group. The reference is the initial checkpoint, frozen, and is not held when β = 0.
/// </summary>
public static class GrpoTrainer
{
    public const string Tag = "grpo";

    /// <summary>Trains per <paramref name="config"/>; with <paramref name="resume"/>, continues the run in its output folder.
    /// Progress and warnings go to <paramref name="log"/>; decoded media are shared through <paramref name="mediaCache"/> when
    /// given. Returns the last step's metrics.</summary>
    public static StepMetrics Run(GrpoConfig config, bool resume, TextWriter log, DecodedMediaCache? mediaCache = null)
    {
        using var writer = FolderLock.Acquire(config.OutputDir, "training run");   // first: nothing in the folder is read or removed without it
        TorchRuntime.EnsureLoaded();
        if (config.Threads > 0) set_num_threads(config.Threads);
        var device = TorchRuntime.ParseDevice(config.Device);
        var dtype = ComputeDtype.Parse(config.Dtype, device);
        var manifest = ReadData(config, config.TrainData!);
        var probeItems = config.ProbeData is null ? null : ReadData(config, config.ProbeData).Items;
        string? resumeFrom = TrainingRun.ResumePoint(config, resume);
        var loadOptions = config.LoadOptions;

        using var policy = HumanOmniBundle.Load(resumeFrom ?? config.Model!, dtype, device, loadOptions, audioPolicy: config.AudioPolicy,
                                              mediaCache: mediaCache);
        var options = OptionsFor(config, policy);
        using var reference = options.Loss.Beta > 0 ? FrozenReference.Load(config.Model!, policy.Model, loadOptions) : null;
        var rewards = RewardFunctions.Create(config.Rewards, "config: rewards");

        int prompts = config.PromptsPerStep, mu = config.NumIterations;
        int batchesPerEpoch = manifest.Count / prompts;
        if (batchesPerEpoch == 0)
            throw new R1OmniException($"{config.TrainData}: {manifest.Count} items, fewer than the {prompts} prompts of one step " +
                                      "(gradient_accumulation_steps × per_device_train_batch_size)");
        int totalSteps = config.MaxSteps > 0 ? config.MaxSteps : config.NumTrainEpochs * batchesPerEpoch * mu;
        // The trainer saves its Qwen2-VL processor with every checkpoint, so R1-Omni's checkpoints carry that chat template.
        using var run = TrainingRun.Open(config, policy.Model, config.Model!, totalSteps, batchesPerEpoch * mu, log, Tag, resumeFrom, loadOptions,
                                         savedTemplate: ChatTemplateKind.Qwen2VL);
        if (resumeFrom is not null)
        {
            CompletionLog.TruncateAfter(run.OutputDir, run.State.GlobalStep);
            LearningProbe.TruncateAfter(run.OutputDir, run.State.GlobalStep);
        }
        using var completions = new CompletionLog(run.OutputDir);
        using var runner = new GrpoStepRunner(policy, reference?.Model, rewards, options, config.RolloutMode);
        run.Metrics.Info($"{manifest.Count} prompts, {prompts} per step × G {options.NumGenerations} = {prompts * options.NumGenerations} rollouts, " +
                         $"μ {mu}, β {options.Loss.Beta}{(reference is null ? " (no reference model)" : "")}, rewards {string.Join(" + ", rewards.Select(r => r.Name))}");

        VideoClip LoadClip(ManifestItem item) => policy.ClipLoader.Load(item.Video, config.Framing);
        var probe = probeItems is null ? null : new LearningProbe(probeItems, (long)(SplitMix64.Derive((ulong)config.Seed, 0x70726F6265) >> 1), run.OutputDir);
        if (probe is not null && run.State.GlobalStep == 0)
        {
            var initial = probe.Measure(runner, 0, LoadClip);
            run.Metrics.Info($"probe before training: accuracy {initial[LearningProbe.AccuracyKey]:F3}, format {initial[LearningProbe.FormatKey]:F3}, " +
                             $"accuracy among answers {initial.GetValueOrDefault(LearningProbe.AnsweredAccuracyKey, double.NaN):F3} " +
                             $"({probeItems!.Count} clips × G {options.NumGenerations})");
        }
        IReadOnlyDictionary<string, double>? Probe(int step) =>
            probe is not null && (step % config.ProbeSteps == 0 || step == totalSteps) ? probe.Measure(runner, step, LoadClip) : null;

        int epoch = run.State.DataEpoch, offset = run.State.DataOffset;
        while (!run.Done)
        {
            if (offset + prompts > manifest.Count) (epoch, offset) = (epoch + 1, 0);
            var order = DataOrder.Permutation(config.Seed, epoch, manifest.Count);
            var items = order[offset..(offset + prompts)].Select(i => manifest.Items[i]).ToList();
            offset += prompts;
            int batchIndex = run.State.GlobalStep / mu;

            using var batch = runner.Rollout(items, (long)(SplitMix64.Derive((ulong)config.Seed, (ulong)batchIndex) >> 1), LoadClip);
            for (int update = 0; update < mu && !run.Done; update++)
            {
                var metrics = GrpoMetrics.Of(batch, rewards, options);
                var step = run.Step(() =>
                {
                    var stats = runner.Backward(batch);
                    GrpoMetrics.AddLoss(metrics, stats, options);
                    return stats.Loss;
                }, epoch, offset, metrics, Probe);
                if (config.LogCompletionsSteps > 0 && update == 0 && step.Step % config.LogCompletionsSteps == 0) completions.Append(step.Step, batch, rewards);
            }
        }
        return run.State.LastMetrics!;
    }

    /// <summary>The step settings with the checkpoint's token ids: generation stops on generation_config.json's EOS ids
    /// (else config.json's), the mask ends at <c>&lt;|im_end|&gt;</c>, finished rows are padded with the tokenizer's pad.</summary>
    public static GrpoOptions OptionsFor(GrpoConfig config, HumanOmniBundle model)
    {
        var generation = model.Generation is { EosTokenIds.Length: > 0 } g ? g.EosTokenIds : model.Model.Config.Text.EosTokenIds.ToArray();
        return config.Options() with
        {
            GenerationEosTokenIds = generation.Append(model.Tokenizer.ImEndId).Distinct().ToArray(),
            MaskEosTokenId = model.Tokenizer.ImEndId,
            PadTokenId = model.Tokenizer.PadTokenId ?? model.Tokenizer.EndOfTextId,
        };
    }

    static Manifest ReadData(GrpoConfig config, string path)
    {
        string folder = config.DataFolder ?? Path.GetDirectoryName(path)!;
        var manifest = ConversationJson.Read(path, folder, rlvr: true);
        if (config.Problem is { } problem) manifest = manifest.WithItems(manifest.Items.Select(i => i with { Problem = problem }).ToList());
        var missing = manifest.Items.Where(i => !File.Exists(i.Video)).ToList();
        if (missing.Count > 0)
            throw new R1OmniException($"{path}: {missing.Count} video(s) not found, e.g. '{missing[0].Video}' (item '{missing[0].Id}'); " +
                                      "check data_folder");
        return manifest;
    }
}
