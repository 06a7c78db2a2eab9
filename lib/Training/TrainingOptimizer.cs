using R1Omni.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Training;

/// <summary>
/// HF Trainer's optimiser path over the trainable parameters only: torch's AdamW (<see cref="Training.AdamW"/>; β, ε,
/// weight decay from the config),
/// the learning rate set from an <see cref="LrSchedule"/> before each update, and gradient clipping to a global L2
/// norm with torch's <c>clip_grad_norm_</c> rule (coefficient max_norm / (norm + 1e-6), capped at 1).
/// </summary>
/// <remarks>
/// Precision: the optimiser always holds fp32 master weights and fp32 moments. When the model computes in fp32 the
/// masters are the model's own parameters. When it computes in bf16 (TorchSharp has no autocast), each update copies
/// the bf16 gradients into fp32 master gradients, steps the masters and writes them back rounded to bf16, so small
/// updates accumulate in fp32 instead of vanishing in bf16 rounding.
/// </remarks>
public sealed class TrainingOptimizer : IDisposable
{
    public const string StateFileName = "optimizer.safetensors";

    readonly KeyValuePair<string, Parameter>[] trainable;
    readonly Parameter[] masters;
    readonly bool separateMasters;
    readonly AdamW adamw;

    public TrainingOptimizer(IReadOnlyList<KeyValuePair<string, Parameter>> parameters, TrainingConfig config, LrSchedule schedule)
    {
        if (parameters.Count == 0) throw new R1OmniException("nothing to train: no trainable parameters");
        trainable = parameters.ToArray();
        Schedule = schedule;
        MaxGradNorm = config.MaxGradNorm;
        separateMasters = trainable.Any(p => p.Value.dtype != ScalarType.Float32);
        masters = separateMasters
            ? trainable.Select(p => new Parameter(p.Value.detach().to(ScalarType.Float32).clone(), requires_grad: true)).ToArray()
            : trainable.Select(p => p.Value).ToArray();
        adamw = new AdamW(masters, config.AdamBeta1, config.AdamBeta2, config.AdamEpsilon, config.WeightDecay);
    }

    public LrSchedule Schedule { get; }
    public double MaxGradNorm { get; }

    /// <summary>The model's trainable parameters under their module names.</summary>
    public IReadOnlyList<KeyValuePair<string, Parameter>> Parameters => trainable;

    public long ParameterCount => trainable.Sum(p => p.Value.numel());

    /// <summary>fp32 master weights under their module names (the model's parameters themselves in fp32 mode).</summary>
    public IEnumerable<KeyValuePair<string, Tensor>> MasterWeights =>
        trainable.Select((p, i) => new KeyValuePair<string, Tensor>(p.Key, masters[i]));

    /// <summary>Drops the gradients (torch's <c>zero_grad(set_to_none=True)</c>): a parameter that gets no gradient
    /// before the next update is skipped by AdamW rather than updated with zeros.</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in trainable) p.grad = null;
        if (separateMasters) foreach (var m in masters) m.grad = null;
    }

    /// <summary>
    /// One update from the accumulated gradients, as the <paramref name="step"/>-th (0-based) of the schedule. With a
    /// non-finite gradient norm nothing changes and <see cref="OptimizerUpdate.Applied"/> is false.
    /// </summary>
    public OptimizerUpdate Step(int step)
    {
        using var scope = NewDisposeScope();
        double lr = Schedule.LearningRate(step);
        var grads = new List<Tensor>();
        for (int i = 0; i < trainable.Length; i++)
        {
            var g = trainable[i].Value.grad;
            if (g is null) continue;
            if (separateMasters) masters[i].grad = g.to(ScalarType.Float32);
            grads.Add(masters[i].grad!);
        }
        double norm = grads.Count == 0 ? 0.0 : stack(grads.Select(g => g.norm()).ToArray()).norm().item<float>();
        if (!double.IsFinite(norm)) return new OptimizerUpdate(norm, lr, Applied: false);
        using (no_grad())
        {
            if (MaxGradNorm > 0)
            {
                using var coef = Math.Min(1.0, MaxGradNorm / (norm + 1e-6)).ToScalar();
                foreach (var g in grads) g.mul_(coef);
            }
            adamw.Step(lr);
            if (separateMasters)
                for (int i = 0; i < trainable.Length; i++) trainable[i].Value.copy_(masters[i]);
        }
        return new OptimizerUpdate(norm, lr, Applied: true);
    }

    /// <summary>Writes AdamW's per-parameter state: <c>{name}.exp_avg</c>, <c>{name}.exp_avg_sq</c> (fp32) and <c>{name}.step</c> (int64).</summary>
    public void Save(string path)
    {
        using var scope = NewDisposeScope();
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (var (name, state) in States())
        {
            tensors.Add(new(name + ".exp_avg", state.ExpAvg.cpu()));
            tensors.Add(new(name + ".exp_avg_sq", state.ExpAvgSq.cpu()));
            tensors.Add(new(name + ".step", tensor(new[] { state.Step })));
        }
        SafetensorsWriter.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt", ["optimizer"] = "AdamW" });
    }

    /// <summary>Restores what <see cref="Save"/> wrote; every trainable parameter must have its three entries.</summary>
    public void Load(string path)
    {
        using var reader = CheckpointReader.Open(path);
        var expected = trainable.SelectMany(p => new[] { p.Key + ".exp_avg", p.Key + ".exp_avg_sq", p.Key + ".step" }).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Where(k => !reader.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var extra = reader.Keys.Where(k => !expected.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || extra.Count > 0)
            throw new R1OmniException($"{path}: optimizer state does not match the trainable parameters (" +
                (missing.Count > 0 ? $"missing {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? " …" : "")}" : "") +
                (missing.Count > 0 && extra.Count > 0 ? "; " : "") +
                (extra.Count > 0 ? $"not trainable here: {string.Join(", ", extra.Take(5))}{(extra.Count > 5 ? " …" : "")}" : "") +
                "); was trainable_parts changed?");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        int i = 0;
        foreach (var (name, state) in States())
        {
            var master = masters[i++];
            Restore(state.ExpAvg, reader, name + ".exp_avg", master);
            Restore(state.ExpAvgSq, reader, name + ".exp_avg_sq", master);
            state.Step = reader.Load(name + ".step").item<long>();
        }
    }

    /// <summary>Overwrites the fp32 masters (and the model's parameters) from a tensor source keyed by module name.</summary>
    public void LoadMasterWeights(Func<string, Tensor> load)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        for (int i = 0; i < trainable.Length; i++)
        {
            var value = load(trainable[i].Key);
            masters[i].copy_(value);
            if (separateMasters) trainable[i].Value.copy_(masters[i]);
        }
    }

    static void Restore(Tensor current, CheckpointReader reader, string key, Tensor master)
    {
        var value = reader.Load(key, ScalarType.Float32, master.device);
        if (!value.shape.SequenceEqual(master.shape))
            throw new R1OmniException($"{reader.Location}: '{key}' has shape [{string.Join(", ", value.shape)}], the parameter [{string.Join(", ", master.shape)}]");
        current.copy_(value);
    }

    IEnumerable<(string Name, AdamW.State State)> States() => trainable.Select((p, i) => (p.Key, adamw.States[i]));

    public void Dispose()
    {
        adamw.Dispose();
        if (separateMasters) foreach (var m in masters) m.Dispose();
    }
}
