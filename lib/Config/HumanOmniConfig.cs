using System.Text.Json;

namespace R1Omni.Config;

/// <summary>
/// <c>config.json</c> of a HumanOmni / R1-Omni checkpoint (<c>model_type "HumanOmni_qwen2"</c>, the keys the released
/// checkpoints carry): the Qwen2 decoder plus the multimodal keys. The keys the multimodal forward depends on have no
/// class default and are required.
/// </summary>
public sealed record HumanOmniConfig
{
    public const string ModelType = "HumanOmni_qwen2";

    /// <summary>The LLM part (the same JSON object read as a Qwen2 config).</summary>
    public required Qwen2Config Text { get; init; }
    /// <summary>SigLIP folder, as written (the reference resolves it against the working directory).</summary>
    public string? MmVisionTower { get; init; }
    public required int MmVisionSelectLayer { get; init; }
    public string MmVisionSelectFeature { get; init; } = "patch";
    public required int MmHiddenSize { get; init; }
    public required string MmProjectorType { get; init; }
    /// <summary>Whisper folder, as written.</summary>
    public string? MmAudioTower { get; init; }
    public required string MmAudioProjectorType { get; init; }
    public required int AudioHiddenSize { get; init; }
    /// <summary>Frames sampled per video; <c>NUM_FRAMES = 8</c> when absent.</summary>
    public int NumFrames { get; init; } = 8;
    public bool MmUseXStartEnd { get; init; }
    /// <summary>Stored only: inference ignores it (<c>model_init</c> in <c>humanomni/__init__.py</c> never passes it to
    /// <c>process_video</c>).</summary>
    public string? ImageAspectRatio { get; init; }
    public int? TokenizerModelMaxLength { get; init; }
    public string? TokenizerPaddingSide { get; init; }
    public string? MmTunableParts { get; init; }
    /// <summary>Not read anywhere in the released HumanOmni / R1-Omni code; kept for inspection.</summary>
    public int[] HyperLayers { get; init; } = [];

    public static HumanOmniConfig FromJson(JsonElement root, string sourcePath)
    {
        var c = ConfigReader.Root(root, sourcePath);
        var config = new HumanOmniConfig
        {
            Text = Qwen2Config.FromReader(c),
            MmVisionTower = c.NullableString("mm_vision_tower"),
            MmVisionSelectLayer = c.RequiredInt("mm_vision_select_layer"),
            MmVisionSelectFeature = c.String("mm_vision_select_feature", "patch"),
            MmHiddenSize = c.RequiredInt("mm_hidden_size"),
            MmProjectorType = c.RequiredString("mm_projector_type"),
            MmAudioTower = c.NullableString("mm_audio_tower"),
            MmAudioProjectorType = c.RequiredString("mm_audio_projector_type"),
            AudioHiddenSize = c.RequiredInt("audio_hidden_size"),
            NumFrames = c.Int("num_frames", 8),
            MmUseXStartEnd = c.Bool("mm_use_x_start_end", false),
            ImageAspectRatio = c.NullableString("image_aspect_ratio"),
            TokenizerModelMaxLength = c.NullableInt("tokenizer_model_max_length", null),
            TokenizerPaddingSide = c.NullableString("tokenizer_padding_side"),
            MmTunableParts = c.NullableString("mm_tunable_parts"),
            HyperLayers = c.IntOrList("hyper_layers", []),
        };
        c.RequirePositive(("mm_hidden_size", config.MmHiddenSize), ("audio_hidden_size", config.AudioHiddenSize),
            ("num_frames", config.NumFrames));
        return config;
    }
}
