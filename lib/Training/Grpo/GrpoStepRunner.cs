using System.Diagnostics;
using R1Omni.Data;
using R1Omni.Generation;
using R1Omni.Media;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Training.Grpo;

/// <summary>
/// One GRPO step without the optimiser (R1-Omni's <c>humanOmni_grpo_trainer.py</c> <c>compute_loss</c>):
/// <see cref="Rollout"/> samples G completions per prompt, scores them, turns rewards into advantages and takes the
/// reference's (and, for μ &gt; 1, the rollout policy's) log-probs without grad; <see cref="Backward"/> runs the policy's
/// log-prob passes with grad and back-propagates each pass's share of the step loss (<see cref="GrpoObjective"/>),
/// accumulating gradients — the trainer, the benchmark and the tests all take this path. <see cref="RolloutMode"/>
/// selects the fast path or the reference's.
/// The reference model must share the policy's frozen towers (see <see cref="FrozenReference"/>): its passes reuse the
/// policy's tower outputs.
/// </summary>
public sealed class GrpoStepRunner
{
    readonly HumanOmniBundle bundle;
    readonly HumanOmniQwen2ForCausalLM policy;
    readonly HumanOmniQwen2ForCausalLM? reference;
    readonly Dictionary<string, GrpoPrompt> prompts = new(StringComparer.Ordinal);

    /// <param name="bundle">The policy with its tokenizers.</param>
    public GrpoStepRunner(HumanOmniBundle bundle, HumanOmniQwen2ForCausalLM? reference, IReadOnlyList<IRewardFunction> rewards, GrpoOptions options,
                          RolloutMode mode = RolloutMode.Shared)
    {
        options.Validate("GRPO options");
        if (options.Loss.Beta > 0 && reference is null) throw new ArgumentException("β > 0 needs a reference model");
        if (rewards.Count == 0) throw new ArgumentException("no reward functions");
        this.bundle = bundle;
        policy = bundle.Model;
        this.reference = options.Loss.Beta > 0 ? reference : null;
        Rewards = rewards;
        Options = options;
        Mode = mode;
    }

    public IReadOnlyList<IRewardFunction> Rewards { get; }
    public GrpoOptions Options { get; }
    public RolloutMode Mode { get; }

    /// <summary>
    /// Rollouts for the prompts of one optimiser step. Takes ownership of the clips. Prompt i samples with seed streams
    /// derived from (<paramref name="seed"/>, i), so a step is reproducible and independent of the mode.
    /// </summary>
    public GrpoRolloutBatch Rollout(IReadOnlyList<(ManifestItem Item, VideoClip Clip)> batch, long seed)
    {
        var groups = new List<GrpoRollout>();
        try
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < batch.Count; i++) groups.Add(Generate(batch[i].Item, batch[i].Clip, new GenerationOptions { Seed = seed }.SeedForRow(i)));
            double generation = sw.Elapsed.TotalSeconds;

            int g = Options.NumGenerations;
            var rewards = groups.SelectMany(r => r.Rewards).ToArray();
            var advantages = GrpoObjective.Advantages(rewards, g, Options.RewardScaling);
            var zeroStd = GrpoObjective.ZeroStdGroups(rewards, g);
            for (int i = 0; i < groups.Count; i++)
            {
                groups[i].Advantages = advantages[(i * g)..((i + 1) * g)];
                groups[i].ZeroStd = zeroStd[i];
                groups[i].Dropped = zeroStd[i] && Options.DropZeroVarianceGroups;
            }

            sw.Restart();
            if (reference is not null)
                foreach (var group in groups.Where(r => !r.Dropped)) group.RefLogProbs = LogProbsWithoutGrad(reference, group).DetachFromDisposeScope();
            double referenceSeconds = sw.Elapsed.TotalSeconds;
            sw.Restart();
            if (Options.UpdatesPerBatch > 1)
                foreach (var group in groups.Where(r => !r.Dropped)) group.OldLogProbs = LogProbsWithoutGrad(policy, group).DetachFromDisposeScope();
            return new GrpoRolloutBatch(groups, generation, referenceSeconds, sw.Elapsed.TotalSeconds);
        }
        catch
        {
            foreach (var r in groups) r.Dispose();
            for (int i = groups.Count; i < batch.Count; i++) batch[i].Clip.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The log-prob passes of one update, in order: each kept group split into runs of at most
    /// <see cref="GrpoOptions.RowsPerLogProbPass"/> completions (all G at once by default, as the reference).
    /// </summary>
    public IReadOnlyList<GrpoLossPass> LossPasses(GrpoRolloutBatch batch) =>
        batch.Kept.SelectMany(g => Chunks(g).Select(c => new GrpoLossPass(g, c.Start, c.Rows))).ToList();

    /// <summary>
    /// One pass's share of the step loss, with its graph: the policy's log-prob pass with grad over the pass's
    /// completions, the per-token objective and the aggregation under <paramref name="totals"/>, so that the shares of
    /// all passes sum to the step loss. Its metrics go into <paramref name="stats"/>.
    /// </summary>
    public Tensor PassLoss(GrpoLossPass pass, AggregationTotals totals, GrpoLossStats stats)
    {
        var group = pass.Group;
        if (group.Dropped) throw new ArgumentException("a dropped group has no loss");
        using var scope = NewDisposeScope();
        var sw = Stopwatch.StartNew();
        var (logp, entropy) = LogProbs(policy, group, pass.Start, pass.Rows, Options.TrainBert, Options.LogEntropy);
        var groupMask = tensor(group.Completions.Mask, device: policy.Device);
        var mask = groupMask.narrow(0, pass.Start, pass.Rows);
        var advantages = tensor(group.Advantages, device: policy.Device).narrow(0, pass.Start, pass.Rows);
        using var terms = GrpoObjective.PerToken(logp, group.OldLogProbs?.narrow(0, pass.Start, pass.Rows), group.RefLogProbs?.narrow(0, pass.Start, pass.Rows),
                                            advantages, Options.Loss);
        var share = GrpoObjective.Aggregate(terms.PerToken, mask, Options.Loss.Aggregation, totals, Scalars.ToDouble(groupMask.sum()));
        double Mean(Tensor? t) => t is null ? 0 : GrpoObjective.MaskedMean(t, mask);
        stats.Add(Scalars.ToDouble(share.detach()), Scalars.ToDouble(mask.sum()), Mean(terms.Kl), Mean(entropy), Mean(terms.Clipped), sw.Elapsed.TotalSeconds);
        return share.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Every pass's <see cref="PassLoss"/>, back-propagated one at a time (<see cref="Training.TrainingRun.Accumulate"/>):
    /// gradients accumulate into the trainable parameters as for one optimiser step, and the stats hold the step loss.
    /// A batch whose groups were all dropped has no loss and leaves the gradients as they are.
    /// </summary>
    public GrpoLossStats Backward(GrpoRolloutBatch batch)
    {
        var totals = batch.Totals(Options.MaxCompletionLength);
        var stats = new GrpoLossStats();
        var passes = LossPasses(batch);
        if (passes.Count > 0) stats.BackwardSeconds = TrainingRun.Accumulate(passes.Count, i => PassLoss(passes[i], totals, stats)).BackwardSeconds;
        return stats;
    }

    GrpoPrompt PromptFor(ManifestItem item)
    {
        string problem = item.Problem ?? R1OmniPrompts.GrpoProblem;
        if (!prompts.TryGetValue(problem, out var prompt)) prompts[problem] = prompt = GrpoPrompt.For(problem, bundle.Tokenizer, bundle.BertTokenizer, Options.Modality);
        return prompt;
    }

    GrpoRollout Generate(ManifestItem item, VideoClip clip, long seed)
    {
        var prompt = PromptFor(item);
        int g = Options.NumGenerations;
        var sampling = Options.Sampling(seed);
        MediaEncoding? kept = null;
        try
        {
            GenerationResult result;
            using (var scope = NewDisposeScope())
            using (no_grad())
            {
                kept = Mode == RolloutMode.Shared ? MediaEncoding.Encode(policy, clip, modality: Options.Modality) : null;
                using var media = kept is null ? MediaEncoding.Encode(policy, clip, g, Options.Modality) : null;
                using var inputs = policy.PrepareInputsLabelsForMultimodal(prompt.Batch(kept ?? media!, bertGrad: false));
                var embeds = inputs.InputsEmbeds;
                result = Mode == RolloutMode.Shared
                    ? GenerationEngine.GenerateGroup(policy, embeds, g, sampling)
                    : GenerationEngine.GenerateFromEmbeddings(policy, embeds, null, sampling, rowSeeds: Enumerable.Range(0, g).Select(sampling.SeedForRow).ToArray());
            }
            var texts = result.Tokens.Select(t => bundle.Tokenizer.Decode(t, skipSpecialTokens: true)).ToList();
            var items = Enumerable.Repeat(item, g).ToList();
            var byFunction = Rewards.Select(f => CheckScores(f, f.Score(texts, items), g)).ToList();
            var truncated = result.FinishReasons.Select(r => r == FinishReason.Length).ToArray();
            return new GrpoRollout
            {
                Item = item,
                Clip = clip,
                Media = kept,
                Prompt = prompt,
                Completions = CompletionBatch.Build(result.Tokens, truncated, Options.MaskEosTokenId, Options.PadTokenId, Options.MaskTruncatedCompletions),
                Texts = texts,
                FinishReasons = result.FinishReasons,
                RewardsByFunction = byFunction,
                Rewards = Enumerable.Range(0, g).Select(r => byFunction.Sum(s => s[r])).ToArray(),
            };
        }
        catch
        {
            kept?.Dispose();
            throw;
        }
    }

    static double[] CheckScores(IRewardFunction f, double[] scores, int expected)
    {
        if (scores.Length != expected) throw new R1OmniException($"reward '{f.Name}' returned {scores.Length} scores for {expected} completions");
        if (scores.Any(s => !double.IsFinite(s))) throw new R1OmniException($"reward '{f.Name}' returned a score that is not a finite number");
        return scores;
    }

    IEnumerable<(int Start, int Rows)> Chunks(GrpoRollout group)
    {
        int size = Options.RowsPerLogProbPass > 0 ? Options.RowsPerLogProbPass : group.Rows;
        for (int start = 0; start < group.Rows; start += size) yield return (start, Math.Min(size, group.Rows - start));
    }

    Tensor LogProbsWithoutGrad(HumanOmniQwen2ForCausalLM model, GrpoRollout group)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var parts = Chunks(group).Select(c => LogProbs(model, group, c.Start, c.Rows, trainBert: false, withEntropy: false).LogProbs).ToArray();
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    (Tensor LogProbs, Tensor? Entropy) LogProbs(HumanOmniQwen2ForCausalLM model, GrpoRollout group, int start, int rows, bool trainBert, bool withEntropy)
    {
        using var scope = NewDisposeScope();
        // Naive mode re-runs the towers on a copy of the clip per completion in every pass, as the reference does.
        using var fresh = group.Media is null ? MediaEncoding.Encode(model, group.Clip, rows, Options.Modality) : null;
        using var inputs = model.PrepareInputsLabelsForMultimodal(group.Prompt.Batch(group.Media ?? fresh!, trainBert));
        var embeds = inputs.InputsEmbeds;
        var ids = tensor(group.Completions.Ids, device: model.Device).narrow(0, start, rows);
        var (logp, entropy) = CompletionLogProbs.Compute(model.LanguageModel, embeds, ids, withEntropy);
        entropy?.MoveToOuterDisposeScope();
        return (logp.MoveToOuterDisposeScope(), entropy);
    }
}
