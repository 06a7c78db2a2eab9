using R1Omni.Media;
using R1Omni.Models.HumanOmni;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Training.Sft;

/// <summary>
/// Cold-start SFT (and label-only SFT: the same loop on data whose answers are bare labels), as HumanOmni's
/// <c>train_humanomni.py</c> with the <c>finetune_omni_*.sh</c> settings: the model,
/// tokenizer, chat template and media loader of the init checkpoint (or of the checkpoint being resumed); samples
/// preprocessed once; each epoch in a seeded shuffled order, <c>per_device_train_batch_size</c> samples per
/// micro-batch and <c>gradient_accumulation_steps</c> micro-batches per optimiser step (the last step of an epoch
/// takes what is left). The frozen towers' and BERT's outputs are cached per video (<see cref="FrozenFeatureCache"/>).
/// </summary>
public static class SftTrainer
{
    /// <param name="stopAfterSteps">Stop after this many steps of this call (the run can be resumed); null runs to the end.</param>
    /// <param name="mediaCache">Decoded media shared with other stages of the process (null: decoded here).</param>
    public static SftResult Run(SftConfig config, bool resume, TextWriter log, int? stopAfterSteps = null, DecodedMediaCache? mediaCache = null)
    {
        using var writer = FolderLock.Acquire(config.OutputDir, "training run");   // first: nothing in the folder is read or removed without it
        TorchRuntime.EnsureLoaded();
        if (config.Threads > 0) set_num_threads(config.Threads);
        var device = TorchRuntime.ParseDevice(config.Device);
        var dtype = ComputeDtype.Parse(config.Dtype, device);
        string? from = TrainingRun.ResumePoint(config, resume);
        using var bundle = HumanOmniBundle.Load(from ?? config.Model!, dtype, device, config.LoadOptions, mediaCache: mediaCache);
        var preprocessor = new SftPreprocessor(bundle.Tokenizer, bundle.Template, config.ModelMaxLength, config.Modality, config.Qwen2VlShare);
        var data = SftDataset.Load(config.TrainData!, config.DataFolder, preprocessor);
        int untrained = data.Count(e => e.TrainedTokens == 0);
        if (untrained > 0)
            log.WriteLine($"[sft] warning: {untrained} of {data.Count} samples have no answer tokens left after truncation to {config.ModelMaxLength}");

        int stepsPerEpoch = (data.Count + config.GlobalBatchSize - 1) / config.GlobalBatchSize;
        int total = config.MaxSteps > 0 ? config.MaxSteps : stepsPerEpoch * config.NumTrainEpochs;
        using var run = TrainingRun.Open(config, bundle.Model, config.Model!, total, stepsPerEpoch, log, "sft", from, config.LoadOptions);
        using var features = new FrozenFeatureCache(bundle, config.CacheFeatures,
                                                    bertTrains: config.TrainableParts.Contains("bert_model"), config.Modality);
        int epoch = run.State.DataEpoch, offset = run.State.DataOffset, taken = 0;
        int[] order = DataOrder.Permutation(config.Seed, epoch, data.Count);
        while (!run.Done && (stopAfterSteps is null || taken < stopAfterSteps))
        {
            int count = Math.Min(config.GlobalBatchSize, data.Count - offset);
            var micro = order[offset..(offset + count)].Chunk(config.PerDeviceTrainBatchSize)
                .Select(chunk => chunk.Select(i => data[i]).ToList()).ToList();
            offset += count;
            if (offset == data.Count)
            {
                order = DataOrder.Permutation(config.Seed, ++epoch, data.Count);
                offset = 0;
            }
            run.Step(() => SftLoss.Backward(bundle.Model, micro, features), epoch, offset);
            taken++;
        }
        if (features.SubstitutedAudio > 0)
            log.WriteLine($"[sft] warning: {features.SubstitutedAudio} training clip(s) had no usable audio; 10 s of silence stood in");
        return new SftResult(run.OutputDir, run.State.GlobalStep, total, RunCheckpoints.Latest(run.OutputDir), run.State.LastMetrics);
    }
}
