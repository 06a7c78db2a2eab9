using System.Text.Json;
using R1Omni.Json;

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
        using var doc = JsonFile.Parse(path);
        var root = JsonFields.Expect(doc.RootElement, JsonValueKind.Object, path, what: "a JSON object of tokenizer settings");

        var d = Default;
        bool? Bool(string key) => JsonFields.OptionalBool(root, key, path, what: "true, false or null");
        return new BertTokenizerConfig(
            Bool("do_lower_case") ?? d.DoLowerCase,
            Bool("strip_accents") ?? d.StripAccents,
            Bool("tokenize_chinese_chars") ?? d.TokenizeChineseChars,
            MaxLength(path, root) ?? d.ModelMaxLength);
    }

    static int? MaxLength(string path, JsonElement root)
    {
        if (!JsonFields.TryGet(root, "model_max_length", out var v)) return null;
        // HF writes 1e30 ("no limit") for models without a known length.
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double n) && n >= 2 && n == Math.Floor(n))
            return n >= int.MaxValue ? int.MaxValue : (int)n;
        throw JsonFields.WrongType(path, "model_max_length", "a whole number of at least 2", v);
    }
}
