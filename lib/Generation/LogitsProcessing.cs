using static TorchSharp.torch;

namespace R1Omni.Generation;

/// <summary>
/// HF's logits processors and warpers, applied in HF's order: repetition penalty, min-new-tokens (processors),
/// then temperature, top-k, top-p (warpers, sampling only). Scores are fp32 [B, V].
/// </summary>
public static class LogitsProcessing
{
    public static Tensor RepetitionPenalty(Tensor scores, IReadOnlyList<IReadOnlyList<int>> seen, double penalty)
    {
        if (penalty == 1.0) return scores;
        var result = scores.clone();
        for (int b = 0; b < seen.Count; b++)
        {
            if (seen[b].Count == 0) continue;
            using var scope = NewDisposeScope();
            var ids = tensor(seen[b].Distinct().Select(i => (long)i).ToArray(), device: scores.device);
            var row = result[b];
            var s = row.index_select(0, ids);
            row.index_copy_(0, ids, where(s < 0, s * penalty, s / penalty));
        }
        return result;
    }

    public static Tensor SuppressTokens(Tensor scores, IReadOnlyList<int> tokenIds)
    {
        if (tokenIds.Count == 0) return scores;
        using var ids = tensor(tokenIds.Select(i => (long)i).ToArray(), device: scores.device);
        return scores.index_fill(1, ids, float.NegativeInfinity);
    }

    public static Tensor Temperature(Tensor scores, double temperature) =>
        temperature == 1.0 ? scores : scores / temperature;

    /// <summary>Keeps the k highest scores per row (ties with the k-th kept, as HF's `scores &lt; kth` test does).</summary>
    public static Tensor TopK(Tensor scores, int k)
    {
        if (k <= 0 || k >= scores.shape[^1]) return scores;
        using var scope = NewDisposeScope();
        var kth = scores.topk(k, dim: -1).values.narrow(-1, k - 1, 1);
        return scores.masked_fill(scores < kth, float.NegativeInfinity).MoveToOuterDisposeScope();
    }

    /// <summary>HF TopPLogitsWarper: drop the low tail whose cumulative probability is ≤ 1 − p, keeping at least one token.</summary>
    public static Tensor TopP(Tensor scores, double p)
    {
        if (p >= 1.0) return scores;
        using var scope = NewDisposeScope();
        var (sorted, indices) = scores.sort(dim: -1, descending: false);
        var cumulative = sorted.softmax(-1).cumsum(-1);
        var removeSorted = cumulative <= (1 - p);
        removeSorted[TensorIndex.Ellipsis, -1] = tensor(false); // always keep the most likely token
        var remove = removeSorted.scatter(-1, indices, removeSorted);
        return scores.masked_fill(remove, float.NegativeInfinity).MoveToOuterDisposeScope();
    }
}
