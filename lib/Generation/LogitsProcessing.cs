using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Generation;

/// <summary>
/// HF's logits processors on fp32 scores [B, V], applied in HF's order: repetition penalty, min-new-tokens, then
/// (sampling only) temperature. Top-k and top-p act on the candidates in <see cref="TokenSampler"/>.
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
            var p = Scalars.Of(penalty);
            row.index_copy_(0, ids, where(s.lt(Scalars.Of(0L)), s.mul(p), s.div(p)));
        }
        return result;
    }

    public static Tensor SuppressTokens(Tensor scores, IReadOnlyList<int> tokenIds)
    {
        if (tokenIds.Count == 0) return scores;
        using var ids = tensor(tokenIds.Select(i => (long)i).ToArray(), device: scores.device);
        return scores.index_fill(1, ids, Scalars.Of(double.NegativeInfinity));
    }

    public static Tensor Temperature(Tensor scores, double temperature) =>
        temperature == 1.0 ? scores : scores.div(Scalars.Of(temperature));
}
