namespace R1Omni.Models.HumanOmni;

/// <summary>
/// The released HumanOmni / R1-Omni checkpoint layout (HF <c>save_pretrained</c> of the whole
/// <c>HumanOmniQwen2ForCausalLM</c>, tied <c>lm_head.weight</c> left out) and how its key prefixes map onto our
/// modules. The tower copies inside a checkpoint are ignored: the reference builds the towers without weights and loads
/// the separate SigLIP and Whisper folders that <c>mm_vision_tower</c> / <c>mm_audio_tower</c> name.
/// </summary>
public static class HumanOmniCheckpointKeys
{
    public const string Projector = "model.mm_projector.";
    public const string AudioProjector = "model.audio_projector.";
    public const string BertGate = "model.bert_gate.";
    public const string Bert = "model.bert_model.";
    public const string LmHead = "lm_head.weight";

    /// <summary>Present in released files but not used by the R1-Omni forward (tower copies, HumanOmni's unused compressor).</summary>
    public static readonly string[] Ignored = ["model.vision_tower.", "model.audio_tower.", "model.feature_compressor."];

    static readonly (string Released, string Module)[] Components =
    [
        (Projector, "mm_projector."), (AudioProjector, "audio_projector."), (BertGate, "bert_gate."), (Bert, "bert_model."),
    ];

    /// <summary>True for the keys of the language model: <c>model.*</c> outside the multimodal prefixes, and the LM head.</summary>
    public static bool IsLanguageModel(string key) =>
        key == LmHead || (key.StartsWith("model.", StringComparison.Ordinal) && !IsMultimodal(key) && !IsIgnored(key));

    public static bool IsMultimodal(string key) => Components.Any(c => key.StartsWith(c.Released, StringComparison.Ordinal));

    public static bool IsIgnored(string key) => Ignored.Any(p => key.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Our module key → the released key, or null for modules not saved (the frozen towers come from their folders).</summary>
    public static string? ToReleased(string moduleKey)
    {
        if (moduleKey.StartsWith("llm.", StringComparison.Ordinal)) return moduleKey["llm.".Length..];
        foreach (var (released, module) in Components)
            if (moduleKey.StartsWith(module, StringComparison.Ordinal)) return released + moduleKey[module.Length..];
        return null;
    }
}
