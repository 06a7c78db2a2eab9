using System.Text.Json;

namespace R1Omni.Data;

/// <summary>
/// Typed fields of one JSON object record; errors start with <c>where</c> (e.g. "file:line"), name the field and say
/// what was expected.
/// </summary>
internal static class RecordFields
{
    public static void ExpectObject(JsonElement value, string where, string what = "an object")
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new R1OmniException($"{where}: expected {what}, got {Describe(value.ValueKind)}");
    }

    public static string RequiredString(JsonElement obj, string key, string where, string what = "a string") =>
        OptionalString(obj, key, where, what) ?? throw new R1OmniException($"{where}: field '{key}' is missing (expected {what})");

    /// <summary>The string at <paramref name="key"/>, or null when absent or JSON null.</summary>
    public static string? OptionalString(JsonElement obj, string key, string where, string what = "a string")
    {
        if (!obj.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String)
            throw new R1OmniException($"{where}: field '{key}' is {Describe(v.ValueKind)}, expected {what}");
        return v.GetString()!;
    }

    /// <summary>An identifier written as a string or an integer; null when absent.</summary>
    public static string? OptionalId(JsonElement obj, string key, string where)
    {
        if (!obj.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString()!,
            JsonValueKind.Number when v.TryGetInt64(out long n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new R1OmniException($"{where}: field '{key}' is {Describe(v.ValueKind)}, expected a string or an integer id"),
        };
    }

    /// <summary>An object whose values are all strings (e.g. <c>meta</c>); empty when absent.</summary>
    public static IReadOnlyDictionary<string, string> StringMap(JsonElement obj, string key, string where)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!obj.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return map;
        ExpectObject(v, $"{where}: field '{key}'", "an object of strings");
        foreach (var p in v.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
                throw new R1OmniException($"{where}: field '{key}.{p.Name}' is {Describe(p.Value.ValueKind)}, expected a string");
            map[p.Name] = p.Value.GetString()!;
        }
        return map;
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
