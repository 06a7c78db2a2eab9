using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Training;

/// <summary>
/// Which parts of HumanOmni train, by module prefix (the reference's <c>mm_tunable_parts</c>): <c>mm_projector</c>,
/// <c>audio_projector</c>, <c>llm</c> (embeddings and the tied head included), <c>bert_gate</c> and <c>bert_model</c>.
/// The SigLIP and Whisper towers are always frozen (in the SFT scripts and in the GRPO trainer alike).
/// </summary>
public static class TrainableParts
{
    public static readonly IReadOnlyList<string> Known = ["mm_projector", "audio_projector", "llm", "bert_gate", "bert_model"];
    public static readonly IReadOnlyList<string> AlwaysFrozen = ["vision_tower", "audio_tower"];

    /// <summary>Cold-start and MAFW-DFEW SFT: BERT frozen (the <c>mm_tunable_parts</c> of <c>finetune_omni_emer.sh</c>
    /// and <c>finetune_omni_small_sftonMAFWDFEW.sh</c>).</summary>
    public static readonly IReadOnlyList<string> SftDefault = ["mm_projector", "audio_projector", "llm", "bert_gate"];

    /// <summary>GRPO as implemented: the BERT encoder trains too (<c>humanOmni_grpo_trainer.py</c> never freezes it and
    /// its output feeds the loss).</summary>
    public static readonly IReadOnlyList<string> GrpoDefault = ["mm_projector", "audio_projector", "llm", "bert_gate", "bert_model"];

    public static void Validate(IReadOnlyList<string>? parts, string source)
    {
        if (parts is null || parts.Count == 0)
            throw new R1OmniException($"{source}: 'trainable_parts' must list at least one of {string.Join(", ", Known)}");
        foreach (string part in parts)
        {
            if (AlwaysFrozen.Contains(part))
                throw new R1OmniException($"{source}: 'trainable_parts' names '{part}', but the SigLIP and Whisper towers are always frozen " +
                                          $"(expected some of {string.Join(", ", Known)})");
            if (!Known.Contains(part))
                throw new R1OmniException($"{source}: 'trainable_parts' names unknown part '{part}' (expected some of {string.Join(", ", Known)})");
        }
        if (parts.Distinct().Count() != parts.Count) throw new R1OmniException($"{source}: 'trainable_parts' lists a part twice");
    }

    /// <summary>
    /// Sets <c>requires_grad</c> on every parameter of <paramref name="model"/>: true exactly under the named prefixes.
    /// Returns the trainable parameters with their module names, in module order.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, Parameter>> Apply(nn.Module model, IReadOnlyList<string> parts)
    {
        Validate(parts, "trainable parts");
        var trainable = new List<KeyValuePair<string, Parameter>>();
        foreach (var (name, p) in model.named_parameters())
        {
            bool train = parts.Any(part => name.StartsWith(part + ".", StringComparison.Ordinal));
            p.requires_grad = train;
            if (train) trainable.Add(new(name, p));
        }
        foreach (string part in parts)
            if (!trainable.Any(t => t.Key.StartsWith(part + ".", StringComparison.Ordinal)))
                throw new R1OmniException($"trainable part '{part}' has no parameters in this model");
        return trainable;
    }
}
