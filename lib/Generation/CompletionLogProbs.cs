using R1Omni.Models.Common;
using R1Omni.Models.Qwen2;
using static TorchSharp.torch;

namespace R1Omni.Generation;

/// <summary>
/// Log-probabilities of completion tokens under the language model, given the prompt as embeddings. Only the final
/// hidden states at the positions that predict completion tokens go through the LM head (like
/// <c>num_logits_to_keep</c>), one completion at a time, so the fp32 logits and their log-softmax (gather − logsumexp)
/// never exist for all G completions at once (as trl's selective log-softmax).
/// <list type="bullet">
/// <item>One prompt row for G completions (<see cref="Compute"/> with a [1, L, hidden] prompt): the prompt is forwarded
/// once into a differentiable KV cache, which the G completions then attend to as one batch. The gradient of every row
/// flows back into the shared prefix, so this equals the full forward of G copies of prompt + completion, without
/// recomputing the prompt G times.</item>
/// <item>G prompt rows: each row forwards prompt + completion in full, as the reference does.</item>
/// </list>
/// Positions after a completion's end hold pad tokens; they are masked out of the loss, and under causal attention they
/// cannot influence earlier positions, so no attention mask is needed.
/// </summary>
public static class CompletionLogProbs
{
    /// <param name="promptEmbeds">[1, L, hidden] (shared prefix) or [G, L, hidden] (full sequences).</param>
    /// <param name="completionIds">[G, C] completion tokens.</param>
    /// <param name="withEntropy">Also return the per-token entropy of the distributions [G, C] (no grad).</param>
    public static (Tensor LogProbs, Tensor? Entropy) Compute(Qwen2ForCausalLM model, Tensor promptEmbeds, Tensor completionIds, bool withEntropy = false)
    {
        long g = completionIds.shape[0], c = completionIds.shape[1], prompts = promptEmbeds.shape[0];
        if (prompts != 1 && prompts != g) throw new ArgumentException($"{prompts} prompt rows for {g} completions (expected 1 or {g})");
        if (c < 1) throw new ArgumentException("completions must have at least one token");
        using var scope = NewDisposeScope();
        var hidden = prompts == 1 && g > 1 ? SharedPrefixHidden(model, promptEmbeds, completionIds) : FullHidden(model, promptEmbeds.expand(g, -1, -1), completionIds);
        var logp = new Tensor[g];
        var entropy = new Tensor[withEntropy ? g : 0];
        for (int r = 0; r < g; r++)
        {
            var logits = model.LmHead(hidden[r]);                                                   // [C, V] fp32
            logp[r] = logits.gather(-1, completionIds[r].unsqueeze(-1)).squeeze(-1) - logits.logsumexp(-1);
            if (!withEntropy) continue;
            using var _ = no_grad();
            var l = logits.detach();
            entropy[r] = l.logsumexp(-1) - (l.softmax(-1) * l).sum(-1);
        }
        return (stack(logp).MoveToOuterDisposeScope(), withEntropy ? stack(entropy).MoveToOuterDisposeScope() : null);
    }

    // Final hidden states [G, C, hidden] at positions L−1 … L+C−2 of each full sequence.
    static Tensor FullHidden(Qwen2ForCausalLM model, Tensor promptEmbeds, Tensor completionIds)
    {
        long l = promptEmbeds.shape[1], c = completionIds.shape[1];
        var sequence = cat([promptEmbeds, model.Embed(completionIds).to(promptEmbeds.dtype)], 1);
        return model.Model.Forward(sequence).narrow(1, l - 1, c);
    }

    static Tensor SharedPrefixHidden(Qwen2ForCausalLM model, Tensor promptEmbeds, Tensor completionIds)
    {
        long g = completionIds.shape[0], c = completionIds.shape[1], l = promptEmbeds.shape[1];
        using var prefix = KVCache.Differentiable(model.NumLayers);
        var last = model.Model.Forward(promptEmbeds, cache: prefix).narrow(1, l - 1, 1).expand(g, -1, -1);   // predicts token 0
        if (c == 1) return last;
        using var group = prefix.Select(new long[g]);
        // Tokens 0 … C−2 predict tokens 1 … C−1; the last token's own prediction is not needed.
        var rest = model.Model.Forward(model.Embed(completionIds.narrow(1, 0, c - 1)).to(promptEmbeds.dtype), cache: group);
        return cat([last, rest], 1);
    }
}
