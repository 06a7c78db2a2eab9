using R1Omni.Generation;
using R1Omni.Prompts;

namespace R1Omni.Training.Grpo;

/// <summary>
/// The algorithm settings of a GRPO step. The defaults are R1-Omni's, bound to <see cref="GrpoConfig.Defaults"/> where
/// they are stated (with the reference they come from); the completion mask is keyed on <c>&lt;|im_end|&gt;</c>.
/// </summary>
public sealed record GrpoOptions
{
    public const int ImEndTokenId = 151645;
    public const int EndOfTextTokenId = 151643;

    /// <summary>G, completions sampled per prompt.</summary>
    public int NumGenerations { get; init; } = GrpoConfig.Defaults.NumGenerations;
    public int MaxCompletionLength { get; init; } = GrpoConfig.Defaults.MaxCompletionLength;
    public double Temperature { get; init; } = GrpoConfig.Defaults.Temperature;
    /// <summary>0 disables top-k.</summary>
    public int TopK { get; init; } = GrpoConfig.Defaults.TopK;
    public double TopP { get; init; } = GrpoConfig.Defaults.TopP;
    /// <summary>Where generation stops (the checkpoint's generation_config.json, probably both ids).</summary>
    public IReadOnlyList<int> GenerationEosTokenIds { get; init; } = [ImEndTokenId, EndOfTextTokenId];
    /// <summary>The only id that ends the completion mask (the Qwen2-VL processor's eos_token_id, which <c>humanOmni_grpo_trainer.py</c> reads).</summary>
    public int MaskEosTokenId { get; init; } = ImEndTokenId;
    /// <summary>Fills finished rows (the Qwen2-VL tokenizer's pad).</summary>
    public int PadTokenId { get; init; } = EndOfTextTokenId;
    public GrpoLossOptions Loss { get; init; } = new();
    public RewardScaling RewardScaling { get; init; } = GrpoConfig.Defaults.ScaleRewards;
    /// <summary>Skip the log-prob passes of groups whose rewards are all equal (their advantages are 0; only KL would act).</summary>
    public bool DropZeroVarianceGroups { get; init; }
    /// <summary>Mask out completions that hit <see cref="MaxCompletionLength"/> without EOS.</summary>
    public bool MaskTruncatedCompletions { get; init; }
    /// <summary>Train the gate's BERT encoder, as the reference does; false runs it without grad.</summary>
    public bool TrainBert { get; init; } = GrpoConfig.Defaults.TrainableParts.Contains("bert_model");
    /// <summary>μ, optimiser updates per rollout batch; &gt; 1 keeps the rollout policy's log-probs for the clipped ratio.</summary>
    public int UpdatesPerBatch { get; init; } = GrpoConfig.Defaults.NumIterations;
    /// <summary>Completions per log-prob pass (with grad, and for the reference); 0 = all G at once, as the reference.
    /// Fewer bound the memory of long completions or, in naive mode, of G full sequences; the gradient is the same.</summary>
    public int RowsPerLogProbPass { get; init; }
    /// <summary>Log the per-token entropy of the policy (one extra pass over the kept logits, no grad).</summary>
    public bool LogEntropy { get; init; } = GrpoConfig.Defaults.LogEntropy;
    /// <summary>Prompts that share one generation batch and one log-prob pass (shared mode); 1 is the reference's
    /// micro-batch of one prompt. More amortise the per-operation cost of small models; the loss is the same.</summary>
    public int PromptsPerPass { get; init; } = GrpoConfig.Defaults.PromptsPerPass;
    /// <summary>Keep every clip's tower outputs for the whole run (shared mode): the towers are frozen, so later steps
    /// skip decoding and the towers; memory grows with the clips seen.</summary>
    public bool CacheMedia { get; init; } = GrpoConfig.Defaults.CacheMedia;
    /// <summary>The media the prompts carry; video only or audio only runs just that tower (modality ablations).</summary>
    public PromptModality Modality { get; init; } = PromptModality.VideoAudio;

    /// <summary>The sampling settings of one prompt's rollouts.</summary>
    public GenerationOptions Sampling(long seed) => new()
    {
        MaxNewTokens = MaxCompletionLength,
        DoSample = true,
        Temperature = Temperature,
        TopK = TopK,
        TopP = TopP,
        EosTokenIds = GenerationEosTokenIds,
        PadTokenId = PadTokenId,
        Seed = seed,
    };

    public void Validate(string where)
    {
        if (NumGenerations < 2) throw new R1OmniException($"{where}: 'num_generations' must be at least 2 (group advantages need a spread), got {NumGenerations}");
        if (MaxCompletionLength < 1) throw new R1OmniException($"{where}: 'max_completion_length' must be at least 1, got {MaxCompletionLength}");
        if (RowsPerLogProbPass < 0) throw new R1OmniException($"{where}: 'rows_per_logprob_pass' must be ≥ 0 (0 = all G at once), got {RowsPerLogProbPass}");
        if (UpdatesPerBatch < 1) throw new R1OmniException($"{where}: 'num_iterations' must be at least 1, got {UpdatesPerBatch}");
        if (PromptsPerPass < 1) throw new R1OmniException($"{where}: 'prompts_per_pass' must be at least 1, got {PromptsPerPass}");
        if (GenerationEosTokenIds.Count == 0) throw new R1OmniException($"{where}: no EOS token ids for generation");
        Loss.Validate(where);
        try { Sampling(0).Validate(); }
        catch (R1OmniException e) { throw new R1OmniException($"{where}: {e.Message}", e); }
    }
}
