using R1Omni.Runtime;

namespace R1Omni.Generation;

/// <summary>
/// Decoding settings with HF `generate` semantics. Defaults follow HF's GenerationConfig (greedy; when sampling,
/// temperature 1.0 and top-k 50, as R1-Omni's GRPO rollouts use).
/// </summary>
public sealed record GenerationOptions
{
    public int MaxNewTokens { get; init; } = 64;
    /// <summary>EOS is suppressed until this many tokens were generated (HF MinNewTokensLengthLogitsProcessor).</summary>
    public int MinNewTokens { get; init; }
    public bool DoSample { get; init; }
    public double Temperature { get; init; } = 1.0;
    /// <summary>0 disables top-k.</summary>
    public int TopK { get; init; } = 50;
    /// <summary>1.0 disables nucleus filtering.</summary>
    public double TopP { get; init; } = 1.0;
    /// <summary>HF semantics: a seen token's logit is divided by the penalty when positive, multiplied when negative.</summary>
    public double RepetitionPenalty { get; init; } = 1.0;
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];
    /// <summary>Fed to finished rows and used for left padding.</summary>
    public int PadTokenId { get; init; }
    /// <summary>Base seed; row r samples from its own stream seeded with <see cref="SeedForRow"/>.</summary>
    public long Seed { get; init; }

    /// <summary>
    /// The seed of sample stream r. Each row owns its stream, so a row's tokens do not depend on the batch it is
    /// decoded in: row r of a group equals an independent run with <c>rowSeeds = [SeedForRow(r)]</c>.
    /// </summary>
    public long SeedForRow(int row)
    {
        // The SplitMix64 finaliser decorrelates consecutive row numbers.
        return (long)(SplitMix64.Mix(unchecked((ulong)Seed + SplitMix64.Gamma * (ulong)(row + 1))) & 0x7FFFFFFFFFFFFFFFUL);
    }

    /// <summary>
    /// Greedy decoding as a checkpoint's <c>generate</c> would run it: EOS ids and repetition penalty from its
    /// generation_config.json (HF applies the penalty even when greedy), else config.json's EOS; pad = first EOS.
    /// </summary>
    public static GenerationOptions Greedy(Config.GenerationConfig? generation, IReadOnlyList<int> configEos, int maxNewTokens)
    {
        int[] eos = generation is { EosTokenIds.Length: > 0 } ? generation.EosTokenIds : [.. configEos];
        return new GenerationOptions
        {
            MaxNewTokens = maxNewTokens,
            EosTokenIds = eos,
            PadTokenId = generation?.PadTokenId ?? (eos.Length > 0 ? eos[0] : 0),
            RepetitionPenalty = generation?.RepetitionPenalty ?? 1.0,
        };
    }

    public void Validate()
    {
        if (MaxNewTokens < 1) throw new R1OmniException($"max_new_tokens must be ≥ 1, got {MaxNewTokens}");
        if (MinNewTokens < 0 || MinNewTokens > MaxNewTokens) throw new R1OmniException($"min_new_tokens must be in [0, max_new_tokens={MaxNewTokens}], got {MinNewTokens}");
        if (DoSample && !(Temperature > 0)) throw new R1OmniException($"temperature must be > 0 when sampling, got {Temperature}");
        if (TopK < 0) throw new R1OmniException($"top_k must be ≥ 0, got {TopK}");
        if (!(TopP > 0 && TopP <= 1)) throw new R1OmniException($"top_p must be in (0, 1], got {TopP}");
        if (!(RepetitionPenalty > 0)) throw new R1OmniException($"repetition_penalty must be > 0, got {RepetitionPenalty}");
    }
}
