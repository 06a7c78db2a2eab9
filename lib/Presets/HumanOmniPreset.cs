using R1Omni.Config;
using R1Omni.Runtime;

namespace R1Omni.Presets;

/// <summary>
/// Sizes of a HumanOmni architecture built from scratch: the same modules, config keys and on-disk layout as
/// HumanOmni-0.5B, with small widths and depths, the real Qwen2 and BERT vocabularies, and Whisper's real 30 s input
/// (3000 mel frames → 500 audio tokens). Used by the tests and the miniature reproduction.
/// </summary>
public sealed record HumanOmniPreset
{
    public required string Name { get; init; }
    public int LlmHidden { get; init; } = 64;
    public int LlmLayers { get; init; } = 2;
    public int LlmHeads { get; init; } = 4;
    public int LlmKvHeads { get; init; } = 2;
    public int LlmIntermediate { get; init; } = 128;
    public int VisionHidden { get; init; } = 32;
    public int VisionLayers { get; init; } = 2;
    public int VisionHeads { get; init; } = 2;
    public int VisionIntermediate { get; init; } = 64;
    /// <summary>Frames are resized to this square size; with <see cref="PatchSize"/> it fixes the patch grid (must be even).</summary>
    public int ImageSize { get; init; } = 64;
    public int PatchSize { get; init; } = 16;
    public int AudioHidden { get; init; } = 32;
    public int AudioLayers { get; init; } = 1;
    public int AudioHeads { get; init; } = 2;
    public int AudioFfn { get; init; } = 64;
    public int MelBins { get; init; } = 128;
    public int BertHidden { get; init; } = 32;
    public int BertLayers { get; init; } = 1;
    public int BertHeads { get; init; } = 2;
    public int BertIntermediate { get; init; } = 64;
    public int NumFrames { get; init; } = 8;
    /// <summary>Seconds of audio the Whisper encoder reads (its <c>chunk_length</c>; 30 in whisper-large-v3): 100 mel
    /// frames, 50 encoder positions and about 17 audio tokens per second.</summary>
    public int AudioSeconds { get; init; } = 30;
    /// <summary>
    /// Texts that fix the LLM's vocabulary: null keeps Qwen2's 151,936 rows; otherwise the tokenizer is Qwen2's cut
    /// down to what these texts need (<see cref="Tokenizers.Qwen2VocabularySubset"/>), for a model built from scratch
    /// on a closed world.
    /// </summary>
    public IReadOnlyList<string>? VocabularyCorpus { get; init; }
    public double InitializerRange { get; init; } = 0.02;

    /// <summary>Smallest working size: seconds per training step on a 2-core CPU.</summary>
    public static HumanOmniPreset Tiny { get; } = new() { Name = "tiny" };

    /// <summary>A little wider and deeper, for the default miniature reproduction.</summary>
    public static HumanOmniPreset Small { get; } = new()
    {
        Name = "small", LlmHidden = 128, LlmLayers = 4, LlmHeads = 4, LlmKvHeads = 2, LlmIntermediate = 352,
        VisionHidden = 64, VisionLayers = 2, VisionHeads = 4, VisionIntermediate = 128, AudioHidden = 64, AudioLayers = 2,
        AudioHeads = 4, AudioFfn = 128, BertHidden = 64, BertLayers = 2, BertHeads = 4, BertIntermediate = 128,
    };

    /// <summary>
    /// HumanOmni-0.5B's shapes (random weights only; the sizes of the released config.json and tower folders): the LLM
    /// of <c>data/presets/qwen2.5-0.5b</c>, SigLIP-B/16 at 224 px, the Whisper-large-v3 encoder and BERT-base. For
    /// benchmarks at the real cost.
    /// </summary>
    public static HumanOmniPreset RealShapes()
    {
        var llm = ModelConfig.Load<Qwen2Config>(Path.Combine(AppPaths.DataDir, "presets", "qwen2.5-0.5b"));
        if (llm.VocabSize != 151936 || !llm.TieWordEmbeddings)
            throw new R1OmniException("data/presets/qwen2.5-0.5b/config.json: expected Qwen2.5-0.5B's 151,936-token vocabulary with tied embeddings");
        return new HumanOmniPreset
        {
            Name = "humanomni-0.5b-shapes",
            LlmHidden = llm.HiddenSize, LlmLayers = llm.NumHiddenLayers, LlmHeads = llm.NumAttentionHeads, LlmKvHeads = llm.NumKeyValueHeads,
            LlmIntermediate = llm.IntermediateSize,
            VisionHidden = 768, VisionLayers = 12, VisionHeads = 12, VisionIntermediate = 3072, ImageSize = 224, PatchSize = 16,
            AudioHidden = 1280, AudioLayers = 32, AudioHeads = 20, AudioFfn = 5120, MelBins = 128,
            BertHidden = 768, BertLayers = 12, BertHeads = 12, BertIntermediate = 3072,
        };
    }

    public static HumanOmniPreset Named(string name) => name switch
    {
        "tiny" => Tiny,
        "small" => Small,
        _ => throw new R1OmniException($"unknown model preset '{name}' (expected tiny or small)"),
    };
}
