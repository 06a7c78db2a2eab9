using System.Text.Json;

namespace R1Omni.Tokenizers;

/// <summary>
/// The settings of HF's <c>tokenizer_config.json</c> that change how BERT tokenizes; every other key is ignored.
/// </summary>
/// <param name="ModelMaxLength">Length that truncation cuts to when no explicit maximum is given.</param>
public sealed record BertTokenizerConfig(bool DoLowerCase, bool? StripAccents, bool TokenizeChineseChars,
                                         int ModelMaxLength)
{
    /// <summary>bert-base-uncased: uncased, accents stripped, CJK isolated, 512 positions.</summary>
    public static BertTokenizerConfig Default { get; } = new(true, null, true, 512);

    /// <summary>Reads the keys <c>do_lower_case</c>, <c>strip_accents</c>, <c>tokenize_chinese_chars</c> and
    /// <c>model_max_length</c>; absent keys keep <see cref="Default"/>'s values.</summary>
    public static BertTokenizerConfig Read(string path)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new R1OmniException($"{path}: not valid JSON ({e.Message})", e);
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new R1OmniException($"{path}: expected a JSON object of tokenizer settings, found {root.ValueKind}");

        var d = Default;
        return new BertTokenizerConfig(
            Bool(path, root, "do_lower_case") ?? d.DoLowerCase,
            Bool(path, root, "strip_accents") ?? d.StripAccents,
            Bool(path, root, "tokenize_chinese_chars") ?? d.TokenizeChineseChars,
            MaxLength(path, root) ?? d.ModelMaxLength);
    }

    static bool? Bool(string path, JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        throw new R1OmniException($"{path}: '{key}' must be true, false or null, found {v.GetRawText()}");
    }

    static int? MaxLength(string path, JsonElement root)
    {
        if (!root.TryGetProperty("model_max_length", out var v) || v.ValueKind == JsonValueKind.Null) return null;
        // HF writes 1e30 ("no limit") for models without a known length.
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double n) && n >= 2 && n == Math.Floor(n))
            return n >= int.MaxValue ? int.MaxValue : (int)n;
        throw new R1OmniException($"{path}: 'model_max_length' must be a whole number of at least 2, found {v.GetRawText()}");
    }
}
