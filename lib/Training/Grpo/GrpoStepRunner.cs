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
/// selects the fast path or the reference's; <see cref="GrpoOptions.PromptsPerPass"/> prompts share each generation
/// and log-prob pass (one, as the reference's micro-batch of one prompt, by default).
/// The reference model must share the policy's frozen towers (see <see cref="FrozenReference"/>): its passes reuse the
/// policy's tower outputs.
/// </summary>
public sealed class GrpoStepRunner : IDisposable
{
    readonly HumanOmniBundle bundle;
    readonly HumanOmniQwen2ForCausalLM policy;
    readonly HumanOmniQwen2ForCausalLM? reference;
    readonly Dictionary<string, GrpoPrompt> prompts = new(StringComparer.Ordinal);
    // Tower outputs per video across steps (GrpoOptions.CacheMedia): the towers are frozen, so they are the same each time.
    readonly Dictionary<string, MediaEncoding> media = new(StringComparer.Ordinal);

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
    /// Rollouts for the prompts of one optimiser step. Prompt i samples with seed streams derived from
    /// (<paramref name="seed"/>, i), so a step is reproducible and independent of the mode and of how prompts are batched.
    /// <paramref name="loadClip"/> decodes an item's video when its tower outputs are not at hand.
    /// </summary>
    public GrpoRolloutBatch Rollout(IReadOnlyList<ManifestItem> items, long seed, Func<ManifestItem, VideoClip> loadClip)
    {
        var groups = new List<GrpoRollout>();
        try
        {
            var (sampled, dataSeconds, generationSeconds) = Sample(items, seed, loadClip);
            groups.AddRange(sampled);
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
            var batch = new GrpoRolloutBatch(groups) { DataSeconds = dataSeconds, GenerationSeconds = generationSeconds };
            var sw = Stopwatch.StartNew();
            if (reference is not null) StoreLogProbs(reference, batch, (group, logp) => group.RefLogProbs = logp);
            batch.ReferenceSeconds = sw.Elapsed.TotalSeconds;
            sw.Restart();
            if (Options.UpdatesPerBatch > 1) StoreLogProbs(policy, batch, (group, logp) => group.OldLogProbs = logp);
            batch.OldLogProbSeconds = sw.Elapsed.TotalSeconds;
            return batch;
        }
        catch
        {
            foreach (var r in groups) r.Dispose();
            throw;
        }
    }

    /// <summary>
    /// G sampled completions per prompt, decoded and scored by the reward functions, without log-probs (the rollout's
    /// first half; also how a probe measures the policy). Returns the groups and the seconds spent decoding media and
    /// generating.
    /// </summary>
    public (List<GrpoRollout> Groups, double DataSeconds, double GenerationSeconds) Sample(IReadOnlyList<ManifestItem> items, long seed,
                                                                                           Func<ManifestItem, VideoClip> loadClip)
    {
        var groups = new List<GrpoRollout>();
        double data = 0, generation = 0;
        try
        {
            int perPass = Mode == RolloutMode.Shared ? Options.PromptsPerPass : 1;
            for (int start = 0; start < items.Count; start += perPass)
            {
                var chunk = Enumerable.Range(start, Math.Min(perPass, items.Count - start)).ToList();
                var clock = Stopwatch.StartNew();
                var inputs = chunk.Select(i => Input(items[i], loadClip)).ToList();
                data += clock.Elapsed.TotalSeconds;
                clock.Restart();
                groups.AddRange(Generate(chunk.Select(i => items[i]).ToList(), inputs, chunk.Select(i => new GenerationOptions { Seed = seed }.SeedForRow(i)).ToList()));
                generation += clock.Elapsed.TotalSeconds;
            }
            return (groups, data, generation);
        }
        catch
        {
            foreach (var r in groups) r.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The log-prob passes of one update, in order: the kept groups, <see cref="GrpoOptions.PromptsPerPass"/> at a
    /// time; with <see cref="GrpoOptions.RowsPerLogProbPass"/>, each group split into runs of at most that many
    /// completions instead (all G at once by default, as the reference).
    /// </summary>
    public IReadOnlyList<GrpoLossPass> LossPasses(GrpoRolloutBatch batch)
    {
        var kept = batch.Kept.ToList();
        if (Options.RowsPerLogProbPass > 0 || Mode == RolloutMode.Naive)
            return kept.SelectMany(g => Chunks(g).Select(c => new GrpoLossPass([new(g, c.Start, c.Rows)]))).ToList();
        return kept.Chunk(Options.PromptsPerPass).Select(c => new GrpoLossPass(c.Select(g => new GrpoLossSegment(g, 0, g.Rows)).ToList())).ToList();
    }

    /// <summary>
    /// Back-propagates the step loss, pass after pass: each pass runs the policy's decoder with grad over its
    /// completions, then the LM head and the objective in chunks of tokens, each chunk's share of the step loss
    /// back-propagated at once (<see cref="CompletionLogProbs.Backward"/>). Gradients accumulate into the trainable
    /// parameters as for one optimiser step, and the stats hold the step loss. A batch whose groups were all dropped
    /// has no loss and leaves the gradients as they are.
    /// </summary>
    public GrpoLossStats Backward(GrpoRolloutBatch batch)
    {
        var totals = batch.Totals(Options.MaxCompletionLength);
        var stats = new GrpoLossStats();
        foreach (var pass in LossPasses(batch)) PassBackward(pass, totals, stats);
        return stats;
    }

    void PassBackward(GrpoLossPass pass, AggregationTotals totals, GrpoLossStats stats)
    {
        using var scope = NewDisposeScope();
        var clock = Stopwatch.StartNew();
        var (hidden, ids, mask) = PassHidden(policy, pass, Options.TrainBert);
        stats.ForwardSeconds += clock.Elapsed.TotalSeconds;
        clock.Restart();
        var device = policy.Device;
        long columns = ids.shape[1];
        double[] groupTokens = pass.Completions.Select(c => (double)c.Group.Completions.MaskedLengths().Sum()).ToArray();
        var weights = GrpoObjective.Weights(mask, Options.Loss.Aggregation, totals, groupTokens).flatten();
        var advantages = tensor(pass.Completions.Select(c => (float)c.Group.Advantages[c.Row]).ToArray(), device: device)
            .unsqueeze(1).expand(-1, columns).flatten();
        var old = Combined(pass, g => g.OldLogProbs, columns, device);
        var refLogp = Combined(pass, g => g.RefLogProbs, columns, device);
        CompletionLogProbs.Backward(policy.LanguageModel, hidden, ids, mask, (logp, idx, entropy) =>
        {
            using var terms = GrpoObjective.PerToken(logp, old?.index_select(0, idx), refLogp?.index_select(0, idx), advantages.index_select(0, idx), Options.Loss);
            var share = (terms.PerToken * weights.index_select(0, idx)).sum();
            stats.AddTokens(Scalars.ToDouble(share.detach()), idx.shape[0],
                            terms.Kl is { } kl ? Scalars.ToDouble(kl.sum()) : 0,
                            entropy is not null ? Scalars.ToDouble(entropy.sum()) : 0,
                            terms.Clipped is { } c ? Scalars.ToDouble(c.sum()) : 0);
            return share;
        }, withEntropy: Options.LogEntropy);
        stats.BackwardSeconds += clock.Elapsed.TotalSeconds;
    }

    // A pass's stored log-probs [rows, C] as one flat [rows·columns] tensor padded with zeros; null when not held.
    static Tensor? Combined(GrpoLossPass pass, Func<GrpoRollout, Tensor?> of, long columns, Device device)
    {
        if (pass.Segments.Any(s => of(s.Group) is null)) return null;
        var parts = pass.Segments.Select(s =>
        {
            var t = of(s.Group)!.narrow(0, s.Start, s.Rows);
            return t.shape[1] == columns ? t : nn.functional.pad(t, [0, columns - t.shape[1]]);
        }).ToArray();
        return cat(parts, 0).to(device).flatten();
    }

    GrpoPrompt PromptFor(ManifestItem item)
    {
        string problem = item.Problem ?? R1OmniPrompts.GrpoProblem;
        if (!prompts.TryGetValue(problem, out var prompt)) prompts[problem] = prompt = GrpoPrompt.For(problem, bundle.Tokenizer, bundle.BertTokenizer, Options.Modality);
        return prompt;
    }

    // What a prompt's passes need from its video: the kept tower outputs (shared mode), or the clip itself (naive mode
    // re-runs the towers on G copies in every pass, as the reference).
    (MediaEncoding? Media, VideoClip? Clip) Input(ManifestItem item, Func<ManifestItem, VideoClip> loadClip)
    {
        if (Mode == RolloutMode.Naive) return (null, loadClip(item));
        if (Options.CacheMedia && media.TryGetValue(item.Video, out var cached)) return (cached, null);
        MediaEncoding encoded;
        using (var clip = loadClip(item)) encoded = MediaEncoding.Encode(policy, clip, modality: Options.Modality);
        if (Options.CacheMedia) media[item.Video] = encoded;
        return (encoded, null);
    }

    List<GrpoRollout> Generate(IReadOnlyList<ManifestItem> items, IReadOnlyList<(MediaEncoding? Media, VideoClip? Clip)> inputs, IReadOnlyList<long> seeds)
    {
        int g = Options.NumGenerations;
        var results = new List<GenerationResult>();
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            if (Mode == RolloutMode.Shared)
            {
                // One row per prompt, prefilled together; each prompt's KV cache is shared by its G samples.
                var samples = items.Select((item, i) => PromptFor(item).Batch(inputs[i].Media!, bertGrad: false).Samples[0]).ToList();
                using var prepared = policy.PrepareInputsLabelsForMultimodal(new MultimodalBatch(samples, Options.Modality, PaddingSide.Left));
                long[] rowSeeds = seeds.SelectMany(s => Enumerable.Range(0, g).Select(Options.Sampling(s).SeedForRow)).ToArray();
                var all = GenerationEngine.GenerateGroups(policy, prepared.InputsEmbeds, prepared.AttentionMask, g, Options.Sampling(seeds[0]), rowSeeds);
                for (int p = 0; p < items.Count; p++) results.Add(all.Rows(p * g, g));
            }
            else
            {
                var sampling = Options.Sampling(seeds[0]);
                using var copies = MediaEncoding.Encode(policy, inputs[0].Clip!, g, Options.Modality);
                using var prepared = policy.PrepareInputsLabelsForMultimodal(PromptFor(items[0]).Batch(copies, bertGrad: false));
                results.Add(GenerationEngine.GenerateFromEmbeddings(policy, prepared.InputsEmbeds, null, sampling,
                                                                    rowSeeds: Enumerable.Range(0, g).Select(sampling.SeedForRow).ToArray()));
            }
        }
        return items.Select((item, p) => Scored(item, inputs[p], results[p])).ToList();
    }

    GrpoRollout Scored(ManifestItem item, (MediaEncoding? Media, VideoClip? Clip) input, GenerationResult result)
    {
        int g = Options.NumGenerations;
        var texts = result.Tokens.Select(t => bundle.Tokenizer.Decode(t, skipSpecialTokens: true)).ToList();
        var items = Enumerable.Repeat(item, g).ToList();
        var byFunction = Rewards.Select(f => CheckScores(f, f.Score(texts, items), g)).ToList();
        var truncated = result.FinishReasons.Select(r => r == FinishReason.Length).ToArray();
        return new GrpoRollout
        {
            Item = item,
            Clip = input.Clip,
            Media = input.Media,
            OwnsMedia = !Options.CacheMedia,
            Prompt = PromptFor(item),
            Completions = CompletionBatch.Build(result.Tokens, truncated, Options.MaskEosTokenId, Options.PadTokenId, Options.MaskTruncatedCompletions),
            Texts = texts,
            FinishReasons = result.FinishReasons,
            RewardsByFunction = byFunction,
            Rewards = Enumerable.Range(0, g).Select(r => byFunction.Sum(s => s[r])).ToArray(),
        };
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

    // Log-probs without grad for every kept group, pass by pass, handed to each group as its own [G, C] tensor.
    void StoreLogProbs(HumanOmniQwen2ForCausalLM model, GrpoRolloutBatch batch, Action<GrpoRollout, Tensor> store)
    {
        var parts = new Dictionary<GrpoRollout, List<Tensor>>();
        foreach (var pass in LossPasses(batch))
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var (hidden, ids, mask) = PassHidden(model, pass, bertGrad: false);
            var (logp, _) = CompletionLogProbs.Head(model.LanguageModel, hidden, ids, mask, withEntropy: false);
            int row = 0;
            foreach (var s in pass.Segments)
            {
                var own = logp.narrow(0, row, s.Rows).narrow(1, 0, s.Group.Completions.Columns).contiguous().DetachFromDisposeScope();
                (parts.TryGetValue(s.Group, out var list) ? list : parts[s.Group] = []).Add(own);
                row += s.Rows;
            }
        }
        foreach (var (group, list) in parts)
        {
            store(group, list.Count == 1 ? list[0] : cat(list.ToArray(), 0).DetachFromDisposeScope());
            if (list.Count > 1) foreach (var t in list) t.Dispose();
        }
    }

    // The decoder's final hidden states [R, C, hidden] over a pass's completions, with the completion ids [R, C] and mask
    // [R, C] (padded to the pass's widest group; the padding is masked).
    (Tensor Hidden, Tensor Ids, Tensor Mask) PassHidden(HumanOmniQwen2ForCausalLM model, GrpoLossPass pass, bool bertGrad)
    {
        var device = model.Device;
        var samples = new List<MultimodalSample>();
        var promptOfRow = new List<long>();
        var owned = new List<MediaEncoding>();
        try
        {
            foreach (var s in pass.Segments)
            {
                if (s.Group.Media is { } kept)
                {
                    promptOfRow.AddRange(Enumerable.Repeat((long)samples.Count, s.Rows));
                    samples.Add(s.Group.Prompt.Batch(kept, bertGrad).Samples[0]);
                }
                else
                {
                    // Naive mode re-runs the towers on a copy of the clip per completion in every pass, as the reference does.
                    var fresh = MediaEncoding.Encode(model, s.Group.Clip!, s.Rows, Options.Modality);
                    owned.Add(fresh);
                    foreach (var sample in s.Group.Prompt.Batch(fresh, bertGrad).Samples)
                    {
                        promptOfRow.Add(samples.Count);
                        samples.Add(sample);
                    }
                }
            }
            using var prepared = model.PrepareInputsLabelsForMultimodal(new MultimodalBatch(samples, Options.Modality, PaddingSide.Left, bertGrad));
            int columns = pass.Segments.Max(s => s.Group.Completions.Columns);
            var idRows = new long[pass.Rows, columns];
            var maskRows = new float[pass.Rows, columns];
            int i = 0;
            foreach (var (group, row) in pass.Completions)
            {
                var c = group.Completions;
                for (int t = 0; t < columns; t++)
                {
                    idRows[i, t] = t < c.Columns ? c.Ids[row, t] : Options.PadTokenId;
                    maskRows[i, t] = t < c.Columns ? c.Mask[row, t] : 0f;
                }
                i++;
            }
            var ids = tensor(idRows, device: device);
            var mask = tensor(maskRows, device: device);
            bool padded = prepared.AttentionMask.eq(Scalars.Of(0L)).any().item<bool>();
            var hidden = CompletionLogProbs.Hidden(model.LanguageModel, prepared.InputsEmbeds, padded ? prepared.AttentionMask : null, ids, promptOfRow.ToArray());
            return (hidden, ids, mask);
        }
        finally
        {
            foreach (var m in owned) m.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var m in media.Values) m.Dispose();
        media.Clear();
    }
}
