using System.Diagnostics;
using R1Omni.Models.Common;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Generation;

/// <summary>
/// Batched autoregressive decoding with a KV cache, HF `generate` semantics (left padding, position ids from the
/// mask's cumsum, per-row stopping on any EOS id, finished rows fed the pad id), greedy or sampled.
/// </summary>
public static class GenerationEngine
{
    /// <summary>Generates from token prompts of possibly different lengths (left-padded with the pad id).</summary>
    public static GenerationResult Generate(ICausalLM model, IReadOnlyList<int[]> prompts, GenerationOptions options,
                                            long[]? rowSeeds = null, Action<int, int>? onToken = null)
    {
        if (prompts.Count == 0) throw new ArgumentException("no prompts");
        int longest = prompts.Max(p => p.Length);
        if (longest == 0) throw new R1OmniException("every prompt is empty; at least one token is needed");
        var ids = new long[prompts.Count, longest];
        var mask = new long[prompts.Count, longest];
        for (int b = 0; b < prompts.Count; b++)
        {
            int pad = longest - prompts[b].Length;
            for (int j = 0; j < longest; j++)
            {
                bool real = j >= pad;
                int id = real ? prompts[b][j - pad] : options.PadTokenId;
                if (id < 0 || id >= model.VocabSize) throw new R1OmniException($"prompt {b}: token id {id} is outside the vocabulary [0, {model.VocabSize})");
                ids[b, j] = id;
                mask[b, j] = real ? 1 : 0;
            }
        }
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var idsT = tensor(ids, device: model.Device);
        var maskT = tensor(mask, device: model.Device);
        return GenerateFromEmbeddings(model, model.Embed(idsT), maskT, options, prompts, rowSeeds, onToken);
    }

    /// <summary>
    /// Generates from input embeddings [B, L, hidden] (the multimodal path) with a padding mask [B, L] (null = none).
    /// <paramref name="seenIds"/> are the tokens the repetition penalty starts from (HF uses none for embeddings).
    /// </summary>
    public static GenerationResult GenerateFromEmbeddings(ICausalLM model, Tensor inputsEmbeds, Tensor? paddingMask, GenerationOptions options,
                                                          IReadOnlyList<int[]>? seenIds = null, long[]? rowSeeds = null, Action<int, int>? onToken = null)
    {
        options.Validate();
        long batch = inputsEmbeds.shape[0], length = inputsEmbeds.shape[1];
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var sw = Stopwatch.StartNew();
        var mask = paddingMask?.to(ScalarType.Int64) ?? ones(batch, length, dtype: ScalarType.Int64, device: model.Device);
        using var cache = model.NewCache(batch, length + options.MaxNewTokens);
        var logits = model.Forward(inputsEmbeds, mask, AttentionMasks.PositionIds(mask), cache, keepLast: 1);
        double prefill = sw.Elapsed.TotalSeconds;
        var result = Decode(model, cache, logits, mask, options, seenIds, rowSeeds, onToken, sw);
        return result with { PrefillSeconds = prefill, DecodeSeconds = sw.Elapsed.TotalSeconds - prefill, PromptLength = (int)length };
    }

    /// <summary>
    /// Prefix sharing: prefills one prompt [1, L, hidden] once, then decodes <paramref name="groupSize"/> samples of
    /// it as one batch from copies of its KV cache (the GRPO group). Row r uses seed stream r of the options.
    /// </summary>
    public static GenerationResult GenerateGroup(ICausalLM model, Tensor promptEmbeds, int groupSize, GenerationOptions options,
                                                 IReadOnlyList<int>? seenIds = null, Action<int, int>? onToken = null)
    {
        if (promptEmbeds.shape[0] != 1) throw new ArgumentException("GenerateGroup takes a single prompt [1, L, hidden]");
        var seen = seenIds is null ? null : Enumerable.Repeat(seenIds.ToArray(), groupSize).ToList();
        return GenerateGroups(model, promptEmbeds, null, groupSize, options, Enumerable.Range(0, groupSize).Select(options.SeedForRow).ToArray(), seen, onToken);
    }

    /// <summary>
    /// Prefix sharing for several prompts at once: prefills P prompts [P, L, hidden] (left-padded per
    /// <paramref name="paddingMask"/> [P, L], null = none) as one batch, then decodes <paramref name="groupSize"/> samples of
    /// each — rows p·G … p·G + G − 1 continue prompt p — as one batch of P·G rows from copies of their prompts' KV
    /// cache. Row i draws from stream <paramref name="rowSeeds"/>[i], so a row's tokens do not depend on the batch.
    /// </summary>
    public static GenerationResult GenerateGroups(ICausalLM model, Tensor promptEmbeds, Tensor? paddingMask, int groupSize, GenerationOptions options,
                                                  long[] rowSeeds, IReadOnlyList<int[]>? seenIds = null, Action<int, int>? onToken = null)
    {
        options.Validate();
        long prompts = promptEmbeds.shape[0], length = promptEmbeds.shape[1];
        if (rowSeeds.Length != prompts * groupSize) throw new ArgumentException($"{rowSeeds.Length} row seeds for {prompts} prompts × {groupSize}");
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var sw = Stopwatch.StartNew();
        var promptMask = paddingMask?.to(ScalarType.Int64) ?? ones(prompts, length, dtype: ScalarType.Int64, device: model.Device);
        long[] rows = Enumerable.Range(0, (int)(prompts * groupSize)).Select(r => (long)(r / groupSize)).ToArray();
        using var rowIndex = tensor(rows, device: model.Device);
        Tensor logits;
        KVCache group;
        using (var prefix = model.NewCache(prompts, length))
        {
            logits = model.Forward(promptEmbeds, promptMask, AttentionMasks.PositionIds(promptMask), prefix, keepLast: 1);
            group = prefix.Select(rows, capacity: length + options.MaxNewTokens);
        }
        using (group)
        {
            double prefill = sw.Elapsed.TotalSeconds;
            var mask = promptMask.index_select(0, rowIndex);
            var result = Decode(model, group, logits.index_select(0, rowIndex), mask, options, seenIds, rowSeeds, onToken, sw);
            return result with { PrefillSeconds = prefill, DecodeSeconds = sw.Elapsed.TotalSeconds - prefill, PromptLength = (int)length };
        }
    }

    static GenerationResult Decode(ICausalLM model, KVCache cache, Tensor firstLogits, Tensor mask, GenerationOptions o,
                                   IReadOnlyList<int[]>? seenIds, long[]? rowSeeds, Action<int, int>? onToken, Stopwatch sw)
    {
        int batch = (int)firstLogits.shape[0];
        rowSeeds ??= Enumerable.Range(0, batch).Select(o.SeedForRow).ToArray();
        if (rowSeeds.Length != batch) throw new ArgumentException($"{rowSeeds.Length} row seeds for a batch of {batch}");
        var samplers = rowSeeds.Select(s => new TokenSampler(s)).ToArray();
        var tokens = Enumerable.Range(0, batch).Select(_ => new List<int>()).ToArray();
        var seen = Enumerable.Range(0, batch).Select(b => new List<int>(seenIds?[b] ?? [])).ToArray();
        var finished = new bool[batch];
        var reasons = Enumerable.Repeat(FinishReason.Length, batch).ToArray();
        var eos = new HashSet<int>(o.EosTokenIds);
        // The fused step decodes every row in managed code; where it does not apply, each step is a libtorch forward.
        using var fused = model.NewDecodeStep(cache, mask);
        var logits = firstLogits;
        bool ownsStepTensors = false; // the first logits and mask belong to the caller; the fused step's logits to it
        try
        {
            for (int step = 0; step < o.MaxNewTokens; step++)
            {
                using var stepScope = NewDisposeScope();
                var scores = logits.select(1, logits.shape[1] - 1);
                int[] next = NextTokens(scores, o, step, seen, samplers);
                for (int b = 0; b < batch; b++)
                {
                    if (finished[b]) { next[b] = o.PadTokenId; continue; }
                    tokens[b].Add(next[b]);
                    seen[b].Add(next[b]);
                    onToken?.Invoke(b, next[b]);
                    if (eos.Contains(next[b])) { finished[b] = true; reasons[b] = FinishReason.Eos; }
                }
                if (finished.All(f => f) || step == o.MaxNewTokens - 1) break;
                if (fused is not null) { logits = fused.Forward(next); continue; }
                var nextIds = tensor(next.Select(t => (long)t).ToArray(), device: model.Device).view(batch, 1);
                var newMask = cat([mask, ones(batch, 1, dtype: ScalarType.Int64, device: model.Device)], 1);
                var positions = newMask.sum(1, keepdim: true).sub(Scalars.One);
                var newLogits = model.Forward(model.Embed(nextIds), newMask, positions, cache, keepLast: 1);
                if (ownsStepTensors) { mask.Dispose(); logits.Dispose(); }
                mask = newMask.DetachFromDisposeScope();
                logits = newLogits.DetachFromDisposeScope();
                ownsStepTensors = true;
            }
        }
        finally
        {
            if (ownsStepTensors) { mask.Dispose(); logits.Dispose(); }
        }
        return new GenerationResult(tokens.Select(t => t.ToArray()).ToList(), reasons, 0, sw.Elapsed.TotalSeconds, 0);
    }

    static int[] NextTokens(Tensor scores, GenerationOptions o, int step, IReadOnlyList<IReadOnlyList<int>> seen, TokenSampler[] samplers)
    {
        scores = LogitsProcessing.RepetitionPenalty(scores, seen, o.RepetitionPenalty);
        if (step < o.MinNewTokens) scores = LogitsProcessing.SuppressTokens(scores, o.EosTokenIds);
        if (!o.DoSample) return scores.argmax(-1).data<long>().Select(v => (int)v).ToArray();
        scores = LogitsProcessing.Temperature(scores, o.Temperature);
        // Candidates in descending order: the top k, or the whole vocabulary when top-k is off.
        long vocab = scores.shape[^1];
        int batch = (int)scores.shape[0], n;
        float[] v;
        int[] ids;
        bool topK = o.TopK > 0 && o.TopK < vocab;
        if (topK && TopK.Applies(scores, o.TopK))
        {
            n = o.TopK;
            (v, ids) = (new float[batch * n], new int[batch * n]);
            TopK.Of(scores, n, v, ids);
        }
        else
        {
            var (values, indices) = topK ? scores.topk(o.TopK, dim: -1) : scores.sort(-1, descending: true);
            n = (int)values.shape[1];
            v = values.cpu().data<float>().ToArray();
            ids = indices.cpu().data<long>().Select(i => (int)i).ToArray();
        }
        var next = new int[batch];
        for (int b = 0; b < batch; b++)
            next[b] = samplers[b].Sample(ids.AsSpan(b * n, n), v.AsSpan(b * n, n), o.TopP);
        return next;
    }
}
