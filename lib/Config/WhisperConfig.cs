using System.Text.Json;

namespace R1Omni.Config;

/// <summary>
/// Whisper hyper-parameters (transformers 4.49 <c>WhisperConfig</c>; defaults are whisper-tiny's). Only the encoder
/// fields matter here; decoder fields are kept for completeness. LayerNorm eps is fixed at 1e-5 by the model code.
/// </summary>
public sealed record WhisperConfig
{
    public int VocabSize { get; init; } = 51865;
    public int NumMelBins { get; init; } = 80;
    public int DModel { get; init; } = 384;
    public int EncoderLayers { get; init; } = 4;
    public int EncoderAttentionHeads { get; init; } = 6;
    public int EncoderFfnDim { get; init; } = 1536;
    public int DecoderLayers { get; init; } = 4;
    public int DecoderAttentionHeads { get; init; } = 6;
    public int DecoderFfnDim { get; init; } = 1536;
    public string ActivationFunction { get; init; } = "gelu";
    public int MaxSourcePositions { get; init; } = 1500;
    public int MaxTargetPositions { get; init; } = 448;
    public bool ScaleEmbedding { get; init; }
    public double Dropout { get; init; }
    public double AttentionDropout { get; init; }
    public double ActivationDropout { get; init; }
    public int ClassifierProjSize { get; init; } = 256;
    public bool UseWeightedLayerSum { get; init; }
    public int? PadTokenId { get; init; } = 50256;
    public int? BosTokenId { get; init; } = 50256;
    public int[] EosTokenIds { get; init; } = [50256];
    public int? DecoderStartTokenId { get; init; } = 50257;
    public string? TorchDtype { get; init; }

    public int EncoderHeadDim => DModel / EncoderAttentionHeads;
    /// <summary>Mel frames the encoder accepts: two per position (the second convolution has stride 2).</summary>
    public int InputFrames => 2 * MaxSourcePositions;

    public static WhisperConfig FromJson(JsonElement root, string sourcePath)
    {
        var c = ConfigReader.Root(root, sourcePath);
        var d = new WhisperConfig();
        var config = new WhisperConfig
        {
            VocabSize = c.Int("vocab_size", d.VocabSize),
            NumMelBins = c.Int("num_mel_bins", d.NumMelBins),
            DModel = c.Int("d_model", d.DModel),
            EncoderLayers = c.Int("encoder_layers", d.EncoderLayers),
            EncoderAttentionHeads = c.Int("encoder_attention_heads", d.EncoderAttentionHeads),
            EncoderFfnDim = c.Int("encoder_ffn_dim", d.EncoderFfnDim),
            DecoderLayers = c.Int("decoder_layers", d.DecoderLayers),
            DecoderAttentionHeads = c.Int("decoder_attention_heads", d.DecoderAttentionHeads),
            DecoderFfnDim = c.Int("decoder_ffn_dim", d.DecoderFfnDim),
            ActivationFunction = c.String("activation_function", d.ActivationFunction),
            MaxSourcePositions = c.Int("max_source_positions", d.MaxSourcePositions),
            MaxTargetPositions = c.Int("max_target_positions", d.MaxTargetPositions),
            ScaleEmbedding = c.Bool("scale_embedding", d.ScaleEmbedding),
            Dropout = c.Double("dropout", d.Dropout),
            AttentionDropout = c.Double("attention_dropout", d.AttentionDropout),
            ActivationDropout = c.Double("activation_dropout", d.ActivationDropout),
            ClassifierProjSize = c.Int("classifier_proj_size", d.ClassifierProjSize),
            UseWeightedLayerSum = c.Bool("use_weighted_layer_sum", d.UseWeightedLayerSum),
            PadTokenId = c.NullableInt("pad_token_id", d.PadTokenId),
            BosTokenId = c.NullableInt("bos_token_id", d.BosTokenId),
            EosTokenIds = c.IntOrList("eos_token_id", d.EosTokenIds),
            DecoderStartTokenId = c.NullableInt("decoder_start_token_id", d.DecoderStartTokenId),
            TorchDtype = c.NullableString("torch_dtype"),
        };
        c.RequirePositive(("num_mel_bins", config.NumMelBins), ("d_model", config.DModel),
            ("encoder_layers", config.EncoderLayers), ("encoder_attention_heads", config.EncoderAttentionHeads),
            ("encoder_ffn_dim", config.EncoderFfnDim), ("max_source_positions", config.MaxSourcePositions));
        c.RequireDivisible("d_model", config.DModel, "encoder_attention_heads", config.EncoderAttentionHeads);
        return config;
    }
}
