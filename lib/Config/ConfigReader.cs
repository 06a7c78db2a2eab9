using System.Text.Json;

namespace R1Omni.Config;

/// <summary>
/// Typed access to one JSON object of a config file. An absent key yields the given default (Hugging Face omits
/// keys equal to a class default); a key of the wrong type is an error naming the file, the key and the expected type.
/// </summary>
internal sealed class ConfigReader(JsonElement obj, string sourcePath, string prefix = "")
{
    static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    public string SourcePath { get; } = sourcePath;

    public static ConfigReader Root(JsonElement root, string sourcePath) =>
        root.ValueKind == JsonValueKind.Object ? new ConfigReader(root, sourcePath)
            : throw new R1OmniException($"{sourcePath}: expected a JSON object at the top level, found {root.ValueKind}");

    public bool Has(string key) => obj.TryGetProperty(key, out _);

    public int Count => obj.EnumerateObject().Count();

    public int Int(string key, int fallback) => Get(key, out var v) ? AsInt(key, v) : fallback;

    public int RequiredInt(string key) => AsInt(key, Required(key, "an integer"));

    /// <summary>Absent: the default; JSON null: null.</summary>
    public int? NullableInt(string key, int? fallback) =>
        Get(key, out var v) ? v.ValueKind == JsonValueKind.Null ? null : AsInt(key, v) : fallback;

    public double Double(string key, double fallback) => Get(key, out var v) ? AsDouble(key, v) : fallback;

    public double? NullableDouble(string key, double? fallback) =>
        Get(key, out var v) ? v.ValueKind == JsonValueKind.Null ? null : AsDouble(key, v) : fallback;

    public bool Bool(string key, bool fallback) =>
        !Get(key, out var v) ? fallback
        : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean()
        : throw WrongType(key, "a boolean", v);

    public string String(string key, string fallback) => Get(key, out var v) ? AsString(key, v) : fallback;

    public string RequiredString(string key) => AsString(key, Required(key, "a string"));

    public string? NullableString(string key, string? fallback = null) =>
        Get(key, out var v) ? v.ValueKind == JsonValueKind.Null ? null : AsString(key, v) : fallback;

    /// <summary>An int or a list of ints (as <c>eos_token_id</c> may be); absent or null gives the default.</summary>
    public int[] IntOrList(string key, int[] fallback)
    {
        if (!Get(key, out var v) || v.ValueKind == JsonValueKind.Null) return fallback;
        if (v.ValueKind == JsonValueKind.Number) return [AsInt(key, v)];
        if (v.ValueKind != JsonValueKind.Array) throw WrongType(key, "an integer or a list of integers", v);
        return v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number && x.TryGetInt32(out int i) ? i
            : throw WrongType(key, "an integer or a list of integers", v)).ToArray();
    }

    public string[] StringList(string key)
    {
        if (!Get(key, out var v) || v.ValueKind == JsonValueKind.Null) return [];
        if (v.ValueKind != JsonValueKind.Array) throw WrongType(key, "a list of strings", v);
        return v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : throw WrongType(key, "a list of strings", v)).ToArray();
    }

    /// <summary>A nested object (e.g. <c>vision_config</c>); absent or null gives an empty object, i.e. all defaults.</summary>
    public ConfigReader Nested(string key)
    {
        if (!Get(key, out var v) || v.ValueKind == JsonValueKind.Null)
            return new ConfigReader(EmptyObject, SourcePath, $"{prefix}{key}.");
        if (v.ValueKind != JsonValueKind.Object) throw WrongType(key, "an object", v);
        return new ConfigReader(v, SourcePath, $"{prefix}{key}.");
    }

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
    public R1OmniException Invalid(string key, string what) => new($"{SourcePath}: key '{prefix}{key}' {what}");

    bool Get(string key, out JsonElement value) => obj.TryGetProperty(key, out value);

    JsonElement Required(string key, string expected) =>
        Get(key, out var v) ? v : throw new R1OmniException($"{SourcePath}: required key '{prefix}{key}' ({expected}) is missing");

    int AsInt(string key, JsonElement v) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : throw WrongType(key, "an integer", v);

    double AsDouble(string key, JsonElement v) =>
        v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw WrongType(key, "a number", v);

    string AsString(string key, JsonElement v) =>
        v.ValueKind == JsonValueKind.String ? v.GetString()! : throw WrongType(key, "a string", v);

    R1OmniException WrongType(string key, string expected, JsonElement v) =>
        new($"{SourcePath}: key '{prefix}{key}' must be {expected}, found {Describe(v)}");

    static string Describe(JsonElement v)
    {
        if (v.ValueKind == JsonValueKind.Null) return "null";
        string raw = v.GetRawText();
        if (raw.Length > 40) raw = raw[..40] + "...";
        return $"{v.ValueKind.ToString().ToLowerInvariant()} {raw}";
    }
}
