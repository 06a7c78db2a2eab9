namespace R1Omni.Generation;

public enum FinishReason { Eos, Length }

/// <summary>Generated tokens per row (EOS included when produced, nothing after it) and timings.</summary>
public sealed record GenerationResult(
    IReadOnlyList<int[]> Tokens,
    IReadOnlyList<FinishReason> FinishReasons,
    double PrefillSeconds,
    double DecodeSeconds,
    int PromptLength)
{
    public int TotalNewTokens => Tokens.Sum(t => t.Length);

    /// <summary>Rows [start, start + count) of a batch (e.g. one prompt's group), with the batch's timings.</summary>
    public GenerationResult Rows(int start, int count) =>
        this with { Tokens = Tokens.Skip(start).Take(count).ToList(), FinishReasons = FinishReasons.Skip(start).Take(count).ToList() };
}
