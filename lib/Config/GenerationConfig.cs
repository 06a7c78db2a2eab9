using System.Text.Json;
using R1Omni.Json;

namespace R1Omni.Config;

/// <summary>
/// <c>generation_config.json</c> (transformers <c>GenerationConfig</c>). Absent keys take the class defaults
/// (temperature 1.0, top_k 50, top_p 1.0, repetition_penalty 1.0, max_length 20); an explicit null stays null.
/// </summary>
public sealed record GenerationConfig
{
    public const string FileName = "generation_config.json";

    public int[] EosTokenIds { get; init; } = [];
    public int? PadTokenId { get; init; }
    public int? BosTokenId { get; init; }
    public int? DecoderStartTokenId { get; init; }
    public bool DoSample { get; init; }
    public double? Temperature { get; init; } = 1.0;
    public int? TopK { get; init; } = 50;
    public double? TopP { get; init; } = 1.0;
    public double? RepetitionPenalty { get; init; } = 1.0;
    public int? MaxNewTokens { get; init; }
    public int? MaxLength { get; init; } = 20;

    /// <summary>The folder's generation_config.json, or null when the folder has none.</summary>
    public static GenerationConfig? TryLoad(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        using var doc = JsonFile.Parse(path);
        return FromJson(doc.RootElement, path);
    }

    public static GenerationConfig FromJson(JsonElement root, string sourcePath)
    {
        var c = ConfigReader.Root(root, sourcePath);
        var d = new GenerationConfig();
        return new GenerationConfig
        {
            EosTokenIds = c.IntOrList("eos_token_id", d.EosTokenIds),
            PadTokenId = c.NullableInt("pad_token_id", d.PadTokenId),
            BosTokenId = c.NullableInt("bos_token_id", d.BosTokenId),
            DecoderStartTokenId = c.NullableInt("decoder_start_token_id", d.DecoderStartTokenId),
            DoSample = c.Bool("do_sample", d.DoSample),
            Temperature = c.NullableDouble("temperature", d.Temperature),
            TopK = c.NullableInt("top_k", d.TopK),
            TopP = c.NullableDouble("top_p", d.TopP),
            RepetitionPenalty = c.NullableDouble("repetition_penalty", d.RepetitionPenalty),
            MaxNewTokens = c.NullableInt("max_new_tokens", d.MaxNewTokens),
            MaxLength = c.NullableInt("max_length", d.MaxLength),
        };
    }
}
