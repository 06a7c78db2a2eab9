using System.Text.Json;

namespace R1Omni.Config;

/// <summary>
/// The SigLIP vision tower (transformers 4.49 <c>SiglipVisionConfig</c>; defaults are google/siglip-base-patch16-224's),
/// read from a full SigLIP config's <c>vision_config</c> or from a <c>siglip_vision_model</c> config.
/// </summary>
public sealed record SiglipVisionConfig
{
    public int HiddenSize { get; init; } = 768;
    public int IntermediateSize { get; init; } = 3072;
    public int NumHiddenLayers { get; init; } = 12;
    public int NumAttentionHeads { get; init; } = 12;
    public int NumChannels { get; init; } = 3;
    public int ImageSize { get; init; } = 224;
    public int PatchSize { get; init; } = 16;
    public string HiddenAct { get; init; } = "gelu_pytorch_tanh";
    public double LayerNormEps { get; init; } = 1e-6;
    public double AttentionDropout { get; init; }
    public string? TorchDtype { get; init; }

    public int HeadDim => HiddenSize / NumAttentionHeads;
    /// <summary>Patches per image side, as the stride-PatchSize convolution yields.</summary>
    public int PatchesPerSide => ImageSize / PatchSize;
    public int NumPatches => PatchesPerSide * PatchesPerSide;

    /// <summary>Accepts the root of a <c>siglip</c> config (uses <c>vision_config</c>, all defaults when absent) or of a <c>siglip_vision_model</c> config.</summary>
    public static SiglipVisionConfig FromJson(JsonElement root, string sourcePath)
    {
        var top = ConfigReader.Root(root, sourcePath);
        var c = top.NullableString("model_type") == "siglip" ? top.Nested("vision_config") : top;
        var d = new SiglipVisionConfig();
        var config = new SiglipVisionConfig
        {
            HiddenSize = c.Int("hidden_size", d.HiddenSize),
            IntermediateSize = c.Int("intermediate_size", d.IntermediateSize),
            NumHiddenLayers = c.Int("num_hidden_layers", d.NumHiddenLayers),
            NumAttentionHeads = c.Int("num_attention_heads", d.NumAttentionHeads),
            NumChannels = c.Int("num_channels", d.NumChannels),
            ImageSize = c.Int("image_size", d.ImageSize),
            PatchSize = c.Int("patch_size", d.PatchSize),
            HiddenAct = c.String("hidden_act", d.HiddenAct),
            LayerNormEps = c.Double("layer_norm_eps", d.LayerNormEps),
            AttentionDropout = c.Double("attention_dropout", d.AttentionDropout),
            // Nested configs of a full checkpoint carry no dtype of their own: the top level's applies.
            TorchDtype = c.NullableString("torch_dtype") ?? top.NullableString("torch_dtype"),
        };
        c.RequirePositive(("hidden_size", config.HiddenSize), ("intermediate_size", config.IntermediateSize),
            ("num_hidden_layers", config.NumHiddenLayers), ("num_attention_heads", config.NumAttentionHeads),
            ("num_channels", config.NumChannels), ("image_size", config.ImageSize), ("patch_size", config.PatchSize));
        c.RequireDivisible("hidden_size", config.HiddenSize, "num_attention_heads", config.NumAttentionHeads);
        return config;
    }
}
