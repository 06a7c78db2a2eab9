using System.Text.Json;
using R1Omni.Json;

namespace R1Omni.Config;

/// <summary>
/// Typed access to one JSON object of a config file. An absent key yields the given default (Hugging Face omits
/// keys equal to a class default); a key of the wrong type, JSON null included unless the key is nullable, is an
/// error naming the file, the key and the expected type (the wording of <see cref="JsonFields"/>).
/// </summary>
internal sealed class ConfigReader(JsonElement obj, string sourcePath, string prefix = "")
{
    static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    public string SourcePath { get; } = sourcePath;

    public static ConfigReader Root(JsonElement root, string sourcePath) =>
        new(JsonFields.Expect(root, JsonValueKind.Object, sourcePath, what: "a JSON object at the top level"), sourcePath);

    public bool Has(string key) => obj.TryGetProperty(key, out _);

    public int Count => obj.EnumerateObject().Count();

    public int Int(string key, int fallback) => Get(key, out var v) ? JsonFields.AsInt(v, SourcePath, Path(key)) : fallback;

    public int RequiredInt(string key) => JsonFields.RequiredInt(obj, key, SourcePath, Path(key));

    /// <summary>Absent: the default; JSON null: null.</summary>
    public int? NullableInt(string key, int? fallback) =>
        Get(key, out var v) ? v.ValueKind == JsonValueKind.Null ? null : JsonFields.AsInt(v, SourcePath, Path(key)) : fallback;

    public double Double(string key, double fallback) => Get(key, out var v) ? JsonFields.AsDouble(v, SourcePath, Path(key)) : fallback;

    public double? NullableDouble(string key, double? fallback) =>
        Get(key, out var v) ? v.ValueKind == JsonValueKind.Null ? null : JsonFields.AsDouble(v, SourcePath, Path(key)) : fallback;

    public bool Bool(string key, bool fallback) => Get(key, out var v) ? JsonFields.AsBool(v, SourcePath, Path(key)) : fallback;

    public string String(string key, string fallback) => Get(key, out var v) ? JsonFields.AsString(v, SourcePath, Path(key)) : fallback;

    public string RequiredString(string key) => JsonFields.RequiredString(obj, key, SourcePath, Path(key));

    public string? NullableString(string key, string? fallback = null) =>
        Get(key, out var v) ? v.ValueKind == JsonValueKind.Null ? null : JsonFields.AsString(v, SourcePath, Path(key)) : fallback;

    /// <summary>An int or a list of ints (as <c>eos_token_id</c> may be); absent or null gives the default.</summary>
    public int[] IntOrList(string key, int[] fallback) => JsonFields.OptionalIntOrList(obj, key, SourcePath, Path(key)) ?? fallback;

    /// <summary>A list of strings; absent or null gives an empty list.</summary>
    public string[] StringList(string key) => JsonFields.OptionalStringList(obj, key, SourcePath, Path(key)) ?? [];

    /// <summary>A nested object (e.g. <c>vision_config</c>); absent or null gives an empty object, i.e. all defaults.</summary>
    public ConfigReader Nested(string key) =>
        new(JsonFields.Optional(obj, key, JsonValueKind.Object, SourcePath, Path(key)) ?? EmptyObject, SourcePath, $"{Path(key)}.");

    /// <summary>Every listed value must be positive (sizes, counts).</summary>
    public void RequirePositive(params (string Key, int Value)[] values)
    {
        foreach (var (key, value) in values)
            if (value <= 0) throw Invalid(key, $"must be positive, found {value}");
    }

    /// <summary>A width that attention splits into heads must divide evenly.</summary>
    public void RequireDivisible(string key, int value, string byKey, int by)
    {
        if (value % by != 0) throw Invalid(key, $"({value}) must be divisible by {byKey} ({by})");
    }

    /// <summary>An error about a key whose value is well-typed but not acceptable.</summary>
    public R1OmniException Invalid(string key, string what) => new($"{SourcePath}: field '{Path(key)}' {what}");

    bool Get(string key, out JsonElement value) => obj.TryGetProperty(key, out value);

    string Path(string key) => prefix + key;
}
