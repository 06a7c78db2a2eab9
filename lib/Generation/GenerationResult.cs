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
}
