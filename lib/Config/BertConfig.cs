using System.Text.Json;

namespace R1Omni.Config;

/// <summary>BERT hyper-parameters (transformers 4.49 <c>BertConfig</c>; defaults are bert-base-uncased's).</summary>
public sealed record BertConfig
{
    public int VocabSize { get; init; } = 30522;
    public int HiddenSize { get; init; } = 768;
    public int NumHiddenLayers { get; init; } = 12;
    public int NumAttentionHeads { get; init; } = 12;
    public int IntermediateSize { get; init; } = 3072;
    public string HiddenAct { get; init; } = "gelu";
    public double HiddenDropoutProb { get; init; } = 0.1;
    public double AttentionProbsDropoutProb { get; init; } = 0.1;
    public int MaxPositionEmbeddings { get; init; } = 512;
    public int TypeVocabSize { get; init; } = 2;
    public double LayerNormEps { get; init; } = 1e-12;
    public int? PadTokenId { get; init; } = 0;
    public string PositionEmbeddingType { get; init; } = "absolute";
    public string? TorchDtype { get; init; }

    public int HeadDim => HiddenSize / NumAttentionHeads;

    public static BertConfig FromJson(JsonElement root, string sourcePath)
    {
        var c = ConfigReader.Root(root, sourcePath);
        var d = new BertConfig();
        var config = new BertConfig
        {
            VocabSize = c.Int("vocab_size", d.VocabSize),
            HiddenSize = c.Int("hidden_size", d.HiddenSize),
            NumHiddenLayers = c.Int("num_hidden_layers", d.NumHiddenLayers),
            NumAttentionHeads = c.Int("num_attention_heads", d.NumAttentionHeads),
            IntermediateSize = c.Int("intermediate_size", d.IntermediateSize),
            HiddenAct = c.String("hidden_act", d.HiddenAct),
            HiddenDropoutProb = c.Double("hidden_dropout_prob", d.HiddenDropoutProb),
            AttentionProbsDropoutProb = c.Double("attention_probs_dropout_prob", d.AttentionProbsDropoutProb),
            MaxPositionEmbeddings = c.Int("max_position_embeddings", d.MaxPositionEmbeddings),
            TypeVocabSize = c.Int("type_vocab_size", d.TypeVocabSize),
            LayerNormEps = c.Double("layer_norm_eps", d.LayerNormEps),
            PadTokenId = c.NullableInt("pad_token_id", d.PadTokenId),
            PositionEmbeddingType = c.String("position_embedding_type", d.PositionEmbeddingType),
            TorchDtype = c.NullableString("torch_dtype"),
        };
        c.RequirePositive(("vocab_size", config.VocabSize), ("hidden_size", config.HiddenSize),
            ("num_hidden_layers", config.NumHiddenLayers), ("num_attention_heads", config.NumAttentionHeads),
            ("intermediate_size", config.IntermediateSize), ("max_position_embeddings", config.MaxPositionEmbeddings),
            ("type_vocab_size", config.TypeVocabSize));
        c.RequireDivisible("hidden_size", config.HiddenSize, "num_attention_heads", config.NumAttentionHeads);
        return config;
    }
}
