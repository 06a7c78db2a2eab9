using System.Text.Json;

namespace R1Omni.Config;

/// <summary>
/// The Qwen2 decoder hyper-parameters (transformers 4.49 <c>Qwen2Config</c>). Property initialisers are the class
/// defaults, used for keys a config.json omits.
/// </summary>
public sealed record Qwen2Config
{
    public int VocabSize { get; init; } = 151936;
    public int HiddenSize { get; init; } = 4096;
    public int IntermediateSize { get; init; } = 22016;
    public int NumHiddenLayers { get; init; } = 32;
    public int NumAttentionHeads { get; init; } = 32;
    /// <summary>Absent: 32 (the class default); an explicit null means NumAttentionHeads (as in transformers).</summary>
    public int NumKeyValueHeads { get; init; } = 32;
    public int HeadDim => HiddenSize / NumAttentionHeads;
    public int MaxPositionEmbeddings { get; init; } = 32768;
    public double RmsNormEps { get; init; } = 1e-6;
    public double RopeTheta { get; init; } = 10000.0;
    /// <summary><c>rope_scaling.rope_type</c> (or the older <c>type</c>); null for plain RoPE.</summary>
    public string? RopeScalingType { get; init; }
    public bool TieWordEmbeddings { get; init; }
    public string HiddenAct { get; init; } = "silu";
    public int? BosTokenId { get; init; }
    public int[] EosTokenIds { get; init; } = [];
    public int? PadTokenId { get; init; }
    public bool UseSlidingWindow { get; init; }
    /// <summary>As stored: transformers 4.49 keeps it even when UseSlidingWindow is false (its mask code then applies it).</summary>
    public int? SlidingWindow { get; init; } = 4096;
    public int MaxWindowLayers { get; init; } = 28;
    public double AttentionDropout { get; init; }
    public double InitializerRange { get; init; } = 0.02;
    public bool UseCache { get; init; } = true;
    public string? TorchDtype { get; init; }
    public string[] Architectures { get; init; } = [];

    public static Qwen2Config FromJson(JsonElement root, string sourcePath) => FromReader(ConfigReader.Root(root, sourcePath));

    internal static Qwen2Config FromReader(ConfigReader c)
    {
        var d = new Qwen2Config();
        int heads = c.Int("num_attention_heads", d.NumAttentionHeads);
        var config = new Qwen2Config
        {
            VocabSize = c.Int("vocab_size", d.VocabSize),
            HiddenSize = c.Int("hidden_size", d.HiddenSize),
            IntermediateSize = c.Int("intermediate_size", d.IntermediateSize),
            NumHiddenLayers = c.Int("num_hidden_layers", d.NumHiddenLayers),
            NumAttentionHeads = heads,
            NumKeyValueHeads = c.NullableInt("num_key_value_heads", d.NumKeyValueHeads) ?? heads,
            MaxPositionEmbeddings = c.Int("max_position_embeddings", d.MaxPositionEmbeddings),
            RmsNormEps = c.Double("rms_norm_eps", d.RmsNormEps),
            RopeTheta = c.Double("rope_theta", d.RopeTheta),
            RopeScalingType = RopeType(c),
            TieWordEmbeddings = c.Bool("tie_word_embeddings", d.TieWordEmbeddings),
            HiddenAct = c.String("hidden_act", d.HiddenAct),
            BosTokenId = c.NullableInt("bos_token_id", null),
            EosTokenIds = c.IntOrList("eos_token_id", []),
            PadTokenId = c.NullableInt("pad_token_id", null),
            UseSlidingWindow = c.Bool("use_sliding_window", d.UseSlidingWindow),
            SlidingWindow = c.NullableInt("sliding_window", d.SlidingWindow),
            MaxWindowLayers = c.Int("max_window_layers", d.MaxWindowLayers),
            AttentionDropout = c.Double("attention_dropout", d.AttentionDropout),
            InitializerRange = c.Double("initializer_range", d.InitializerRange),
            UseCache = c.Bool("use_cache", d.UseCache),
            TorchDtype = c.NullableString("torch_dtype"),
            Architectures = c.StringList("architectures"),
        };
        c.RequirePositive(("vocab_size", config.VocabSize), ("hidden_size", config.HiddenSize),
            ("intermediate_size", config.IntermediateSize), ("num_hidden_layers", config.NumHiddenLayers),
            ("num_attention_heads", config.NumAttentionHeads), ("num_key_value_heads", config.NumKeyValueHeads));
        c.RequireDivisible("hidden_size", config.HiddenSize, "num_attention_heads", config.NumAttentionHeads);
        c.RequireDivisible("num_attention_heads", config.NumAttentionHeads, "num_key_value_heads", config.NumKeyValueHeads);
        return config;
    }

    static string? RopeType(ConfigReader c)
    {
        var scaling = c.Nested("rope_scaling"); // absent or null: plain RoPE
        if (scaling.Count == 0) return null;
        return scaling.NullableString("rope_type") ?? scaling.NullableString("type")
            ?? throw c.Invalid("rope_scaling", "has neither 'rope_type' nor 'type'");
    }
}
