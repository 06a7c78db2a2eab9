namespace R1Omni.Training.Grpo;

/// <summary>
/// The G completions of one prompt as a rectangle [G, C] (C = the longest completion; shorter rows padded with the pad
/// id) and the completion mask of <c>humanOmni_grpo_trainer.py</c>'s <c>compute_loss</c>: 1 up to and including the
/// first <c>&lt;|im_end|&gt;</c> (151645 only: the processing class's <c>eos_token_id</c>, although generation may also
/// stop on 151643), else 1 over the whole row, padding included — so a row that stopped on <c>&lt;|endoftext|&gt;</c>
/// (151643) trains on its pad positions, as the reference does. With <see cref="Build"/>'s <c>maskTruncated</c>, rows
/// that hit the length limit without EOS are masked out entirely (DAPO's overlong filtering; off in R1-Omni).
/// </summary>
public sealed class CompletionBatch
{
    public long[,] Ids { get; }
    public float[,] Mask { get; }
    /// <summary>Per row: generation stopped at the length limit, without any EOS.</summary>
    public bool[] Truncated { get; }
    /// <summary>Per row: the number of generated tokens (EOS included, padding not).</summary>
    public int[] Lengths { get; }
    public int Rows => Ids.GetLength(0);
    public int Columns => Ids.GetLength(1);

    CompletionBatch(long[,] ids, float[,] mask, bool[] truncated, int[] lengths)
    {
        Ids = ids;
        Mask = mask;
        Truncated = truncated;
        Lengths = lengths;
    }

    public static CompletionBatch Build(IReadOnlyList<int[]> completions, IReadOnlyList<bool> truncated, int eosTokenId, int padTokenId, bool maskTruncated = false)
    {
        if (completions.Count == 0) throw new ArgumentException("no completions");
        if (truncated.Count != completions.Count) throw new ArgumentException($"{truncated.Count} truncation flags for {completions.Count} completions");
        int rows = completions.Count, columns = completions.Max(c => c.Length);
        var ids = new long[rows, columns];
        var mask = new float[rows, columns];
        for (int r = 0; r < rows; r++)
        {
            var c = completions[r];
            int eos = Array.IndexOf(c, eosTokenId);
            int last = eos >= 0 ? eos : columns - 1;
            bool dropped = maskTruncated && truncated[r];
            for (int t = 0; t < columns; t++)
            {
                ids[r, t] = t < c.Length ? c[t] : padTokenId;
                mask[r, t] = !dropped && t <= last ? 1f : 0f;
            }
        }
        return new CompletionBatch(ids, mask, truncated.ToArray(), completions.Select(c => c.Length).ToArray());
    }

    /// <summary>Mask sums per row: the tokens each completion contributes to the loss.</summary>
    public float[] MaskedLengths() =>
        Enumerable.Range(0, Rows).Select(r => Enumerable.Range(0, Columns).Sum(t => Mask[r, t])).ToArray();
}
