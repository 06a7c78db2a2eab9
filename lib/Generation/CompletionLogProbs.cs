using R1Omni.Models.Common;
using R1Omni.Models.Qwen2;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Generation;

/// <summary>
/// Log-probabilities of completion tokens under the language model, given the prompts as embeddings, as trl's
/// <c>_get_per_token_logps</c> with its selective log-softmax computes them: only the final hidden states at the
/// positions that predict completion tokens go through the LM head (like <c>num_logits_to_keep</c>), in chunks of
/// positions, so the fp32 logits (151,936 wide at the real vocabulary) never exist for all completions at once.
/// <list type="bullet">
/// <item><b>Shared prefixes</b> (<see cref="Hidden"/> with fewer prompts than rows): each prompt is forwarded once into a
/// differentiable KV cache, which its completions then attend to; the gradient of every row flows back into its
/// prefix, so this equals the full forward of prompt + completion per row without recomputing the prompts.</item>
/// <item><b>One prompt row per completion</b>: each row forwards prompt + completion in full, as the reference does.</item>
/// </list>
/// Positions after a completion's end hold pad tokens; under causal attention they cannot influence earlier positions,
/// and a mask keeps them out of the head.
/// </summary>
public static class CompletionLogProbs
{
    /// <summary>
    /// Positions per LM-head chunk (the default of <see cref="Head"/> and <see cref="Backward"/>): [chunk, vocabulary] fp32 logits of about 24 MB stay under glibc's 32 MB mmap
    /// threshold, so successive chunks reuse heap memory instead of mapping (and faulting in) fresh pages each time.
    /// </summary>
    public static int ChunkPositions(long vocabulary) => (int)Math.Clamp((24L << 20) / (vocabulary * sizeof(float)), 1, 4096);

    /// <param name="promptEmbeds">[1, L, hidden] (shared prefix) or [G, L, hidden] (full sequences).</param>
    /// <param name="completionIds">[G, C] completion tokens.</param>
    /// <param name="withEntropy">Also return the per-token entropy of the distributions [G, C] (no grad).</param>
    public static (Tensor LogProbs, Tensor? Entropy) Compute(Qwen2ForCausalLM model, Tensor promptEmbeds, Tensor completionIds, bool withEntropy = false)
    {
        long g = completionIds.shape[0], prompts = promptEmbeds.shape[0];
        if (prompts != 1 && prompts != g) throw new ArgumentException($"{prompts} prompt rows for {g} completions (expected 1 or {g})");
        using var scope = NewDisposeScope();
        long[] promptOfRow = prompts == 1 ? new long[g] : Enumerable.Range(0, (int)g).Select(i => (long)i).ToArray();
        var hidden = Hidden(model, promptEmbeds, null, completionIds, promptOfRow);
        var (logp, entropy) = Head(model, hidden, completionIds, null, withEntropy);
        entropy?.MoveToOuterDisposeScope();
        return (logp.MoveToOuterDisposeScope(), entropy);
    }

    /// <summary>
    /// Final hidden states [R, C, hidden] at the positions that predict each completion token (L − 1 … L + C − 2 of
    /// prompt + completion), row r continuing prompt <paramref name="promptOfRow"/>[r]. Prompts [P, L, hidden] may be
    /// left-padded (<paramref name="promptMask"/> [P, L], 1 = real; null = none). With one prompt per row in order, each
    /// row is forwarded in full; otherwise the prompts are forwarded once and shared.
    /// </summary>
    public static Tensor Hidden(Qwen2ForCausalLM model, Tensor promptEmbeds, Tensor? promptMask, Tensor completionIds, long[] promptOfRow)
    {
        long rows = completionIds.shape[0], c = completionIds.shape[1], prompts = promptEmbeds.shape[0];
        if (c < 1) throw new ArgumentException("completions must have at least one token");
        if (promptOfRow.Length != rows) throw new ArgumentException($"{promptOfRow.Length} prompt indices for {rows} completion rows");
        if (promptOfRow.Any(p => p < 0 || p >= prompts)) throw new ArgumentException($"a row continues a prompt outside [0, {prompts})");
        using var scope = NewDisposeScope();
        bool ownPrompts = prompts == rows && promptOfRow.Select((p, i) => p == i).All(x => x) && (rows == 1 || prompts > 1);
        var hidden = ownPrompts ? FullHidden(model, promptEmbeds, promptMask, completionIds) : SharedPrefixHidden(model, promptEmbeds, promptMask, completionIds, promptOfRow);
        return hidden.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Log-probabilities [R, C] of <paramref name="ids"/> (and, asked for, the entropy of each distribution, without grad)
    /// from final hidden states [R, C, hidden]; the head runs in chunks and, with <paramref name="mask"/> [R, C], only
    /// where it is 1 (other entries are 0). Keeps the graph when grad is enabled.
    /// </summary>
    public static (Tensor LogProbs, Tensor? Entropy) Head(Qwen2ForCausalLM model, Tensor hidden, Tensor ids, Tensor? mask, bool withEntropy, int? chunk = null)
    {
        using var scope = NewDisposeScope();
        long rows = ids.shape[0], c = ids.shape[1];
        var flat = hidden.reshape(rows * c, hidden.shape[^1]);
        var flatIds = ids.reshape(rows * c);
        var positions = Positions(mask, rows * c, hidden.device);
        var logpParts = new List<Tensor>();
        var entropyParts = new List<Tensor>();
        ForEachChunk(positions, chunk ?? ChunkPositions(model.VocabSize), idx =>
        {
            var logits = model.LmHead(flat.index_select(0, idx));                                   // [n, V] fp32
            var target = flatIds.index_select(0, idx);
            if (LogSoftmaxRows.Applies(logits))
            {
                var rows = Rows.Of(logits, target, withEntropy);
                logpParts.Add(rows.LogProbs.MoveToOuterDisposeScope());
                if (withEntropy) entropyParts.Add(rows.Entropy!.MoveToOuterDisposeScope());
                return;
            }
            logpParts.Add((logits.gather(-1, target.unsqueeze(-1)).squeeze(-1) - logits.logsumexp(-1)).MoveToOuterDisposeScope());
            if (withEntropy) entropyParts.Add(Entropy(logits).MoveToOuterDisposeScope());
        });
        var logp = Scatter(logpParts, positions, rows, c, hidden.device);
        var entropy = withEntropy ? Scatter(entropyParts, positions, rows, c, hidden.device) : null;
        entropy?.MoveToOuterDisposeScope();
        return (logp.MoveToOuterDisposeScope(), entropy);
    }

    /// <summary>
    /// Back-propagates Σ over chunks of <paramref name="lossOf"/>(the chunk's log-probs, its flat positions in [R·C], its
    /// entropies when <paramref name="withEntropy"/>, without grad) without keeping more than one chunk's logits, as a fused linear cross-entropy does: per
    /// chunk the loss's gradient c with respect to the log-probs comes from autograd on a small graph, the gradient
    /// with respect to the logits is c·(onehot − softmax), written over the chunk's logits in place, and from it the
    /// gradients of the hidden states and of the head weight (accumulated in one fp32 buffer) are two matrix products
    /// (<see cref="Fp32Gemm"/> where it applies: libtorch's bits, faster).
    /// The hidden states' gradient then flows back through the decoder in one backward pass. Only the positions of
    /// <paramref name="mask"/> [R, C] run. The result equals back-propagating the whole loss at once up to the order of sums.
    /// </summary>
    public static void Backward(Qwen2ForCausalLM model, Tensor hidden, Tensor ids, Tensor mask, Func<Tensor, Tensor, Tensor?, Tensor> lossOf,
                                bool withEntropy = false, int? chunk = null)
    {
        using var scope = NewDisposeScope();
        long rows = ids.shape[0], c = ids.shape[1], width = hidden.shape[^1];
        var weight = model.HeadWeight;
        var cut = hidden.detach().reshape(rows * c, width);
        var flatIds = ids.reshape(rows * c);
        var positions = Positions(mask, rows * c, hidden.device);
        var gradHidden = hidden.requires_grad ? zeros(rows * c, width, dtype: ScalarType.Float32, device: hidden.device) : null;
        var gradWeight = weight.requires_grad ? zeros(weight.shape, dtype: ScalarType.Float32, device: weight.device) : null;
        ForEachChunk(positions, chunk ?? ChunkPositions(model.VocabSize), idx =>
        {
            var h = cut.index_select(0, idx);
            var target = flatIds.index_select(0, idx);
            Tensor logits, logp;
            Tensor? entropy;
            Rows? rows = null;
            Tensor? logsumexp = null;
            using (no_grad())
            {
                logits = model.LmHead(h);                                                             // [n, V] fp32
                if (LogSoftmaxRows.Applies(logits))
                {
                    rows = Rows.Of(logits, target, withEntropy);
                    (logp, entropy) = (rows.LogProbs, rows.Entropy);
                }
                else
                {
                    logsumexp = logits.logsumexp(-1, keepdim: true);
                    logp = (logits.gather(-1, target.unsqueeze(-1)) - logsumexp).squeeze(-1);
                    entropy = withEntropy ? Entropy(logits) : null;
                }
                logp.requires_grad_(true);
            }
            var loss = lossOf(logp, idx, entropy);
            if (!loss.requires_grad) return;
            loss.backward();
            if (logp.grad is null) return;
            using var _ = no_grad();
            Tensor gradLogits;
            if (rows is not null)
            {
                LogSoftmaxRows.GradientInPlace(logits, rows.Targets, rows.LogSumExp, logp.grad!.contiguous().data<float>().ToArray());
                gradLogits = logits;
            }
            else
            {
                var coefficient = logp.grad!.unsqueeze(-1);                                            // dloss/dlogp [n, 1]
                gradLogits = logits.sub_(logsumexp!).exp_().mul_(coefficient.neg()).scatter_add_(-1, target.unsqueeze(-1), coefficient);
            }
            var headWeight = weight.to(ScalarType.Float32);
            var hidden32 = h.to(ScalarType.Float32);
            if (gradHidden is not null) gradHidden.index_copy_(0, idx, Fp32Gemm.TryMatMul(gradLogits, headWeight) ?? gradLogits.mm(headWeight));
            if (gradWeight is not null && !Fp32Gemm.TryAddTransposedMatMul(gradWeight, gradLogits, hidden32)) gradWeight.addmm_(gradLogits.t(), hidden32);
        });
        using (no_grad())
            if (gradWeight is not null)
            {
                if (weight.grad is null) weight.grad = gradWeight.to(weight.dtype).DetachFromDisposeScope();
                else weight.grad.add_(gradWeight.to(weight.dtype), Scalars.One);
            }
        if (gradHidden is not null) hidden.backward([gradHidden.view(hidden.shape).to(hidden.dtype)]);
    }

    // A chunk's statistics through LogSoftmaxRows: log-probs and entropies as tensors, what the gradient needs as arrays.
    sealed record Rows(Tensor LogProbs, Tensor? Entropy, long[] Targets, float[] LogSumExp)
    {
        public static Rows Of(Tensor logits, Tensor target, bool withEntropy)
        {
            int n = (int)logits.shape[0];
            long[] targets = target.data<long>().ToArray();
            float[] logp = new float[n], lse = new float[n];
            float[]? entropy = withEntropy ? new float[n] : null;
            LogSoftmaxRows.Statistics(logits, targets, logp, lse, entropy);
            var device = logits.device;
            return new Rows(tensor(logp, device: device), entropy is null ? null : tensor(entropy, device: device), targets, lse);
        }
    }

    /// <summary>Per-position entropy of the distributions of fp32 logits [n, V], without grad.</summary>
    public static Tensor Entropy(Tensor logits)
    {
        using var _ = no_grad();
        var l = logits.detach();
        return l.logsumexp(-1) - (l.softmax(-1) * l).sum(-1);
    }

    // Flat indices of the positions that run: all, or where the mask is 1.
    static Tensor Positions(Tensor? mask, long count, Device device) =>
        mask is null ? arange(Scalars.Of(0L), Scalars.Of(count), Scalars.One, dtype: ScalarType.Int64, device: device)
                     : mask.reshape(count).ne(Scalars.Of(0L)).nonzero().squeeze(1);

    // Each chunk runs in its own dispose scope, so its logits are freed before the next one (the graph, when there is
    // one, keeps what backward needs); what a chunk returns it moves out itself.
    static void ForEachChunk(Tensor positions, int chunk, Action<Tensor> run)
    {
        long n = positions.shape[0];
        for (long start = 0; start < n; start += chunk)
        {
            using var scope = NewDisposeScope();
            run(positions.narrow(0, start, Math.Min(chunk, n - start)));
        }
    }

    static Tensor Scatter(List<Tensor> parts, Tensor positions, long rows, long c, Device device)
    {
        var values = parts.Count == 0 ? zeros(0, device: device) : cat(parts.ToArray(), 0);
        return zeros(rows * c, dtype: ScalarType.Float32, device: device).index_copy(0, positions, values).view(rows, c);
    }

    // Final hidden states [G, C, hidden] at positions L−1 … L+C−2 of each full sequence.
    static Tensor FullHidden(Qwen2ForCausalLM model, Tensor promptEmbeds, Tensor? promptMask, Tensor completionIds)
    {
        long g = completionIds.shape[0], l = promptEmbeds.shape[1], c = completionIds.shape[1];
        var sequence = cat([promptEmbeds, model.Embed(completionIds).to(promptEmbeds.dtype)], 1);
        if (promptMask is null) return model.Model.Forward(sequence).narrow(1, l - 1, c);
        var mask = cat([promptMask.to(ScalarType.Int64), ones(g, c, dtype: ScalarType.Int64, device: promptMask.device)], 1);
        return model.Model.Forward(sequence, mask, AttentionMasks.PositionIds(mask)).narrow(1, l - 1, c);
    }

    static Tensor SharedPrefixHidden(Qwen2ForCausalLM model, Tensor promptEmbeds, Tensor? promptMask, Tensor completionIds, long[] promptOfRow)
    {
        long g = completionIds.shape[0], c = completionIds.shape[1], l = promptEmbeds.shape[1];
        using var rows = tensor(promptOfRow, device: promptEmbeds.device);
        var mask = promptMask?.to(ScalarType.Int64);
        using var prefix = KVCache.Differentiable(model.NumLayers);
        var last = model.Model.Forward(promptEmbeds, mask, mask is null ? null : AttentionMasks.PositionIds(mask), prefix)
            .narrow(1, l - 1, 1).index_select(0, rows);                                                   // predicts token 0
        if (c == 1) return last;
        using var group = prefix.Select(promptOfRow);
        // Tokens 0 … C−2 predict tokens 1 … C−1; the last token's own prediction is not needed.
        var embeds = model.Embed(completionIds.narrow(1, 0, c - 1)).to(promptEmbeds.dtype);
        Tensor rest;
        if (mask is null) rest = model.Model.Forward(embeds, cache: group);
        else
        {
            var full = cat([mask.index_select(0, rows), ones(g, c - 1, dtype: ScalarType.Int64, device: mask.device)], 1);
            rest = model.Model.Forward(embeds, full, AttentionMasks.PositionIds(full).narrow(1, l, c - 1), group);
        }
        return cat([last, rest], 1);
    }
}
