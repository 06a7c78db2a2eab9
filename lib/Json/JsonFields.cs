using System.Globalization;
using System.Text.Json;

namespace R1Omni.Json;

/// <summary>
/// Typed fields of parsed JSON, failing with an <see cref="R1OmniException"/> that says where, which field, what was
/// expected and what was found:
/// <list type="bullet">
/// <item><c>{where}: field '{path}' is missing (expected {what})</c></item>
/// <item><c>{where}: field '{path}' must be {what}, found {description}</c></item>
/// <item><c>{where}: expected {what}, found {description}</c> for a value that is not a field (a file's top level, a record)</item>
/// </list>
/// <para><c>where</c> is the file, or <c>file:line</c> for a record of a JSON-lines file; <c>path</c> is the key path
/// shown in the error (e.g. <c>model.vocab</c>, <c>added_tokens[2].id</c>) and defaults to the key.</para>
/// <para>The <c>As…</c> methods convert one value, for which JSON null is a wrong type. The <c>Required…</c> and
/// <c>Optional…</c> methods read a field of an object: an optional field that is absent or JSON null gives null; a
/// required one that is absent is missing, and one that is JSON null has the wrong type. Readers whose absent keys take
/// defaults but whose nulls are errors (HF configs) look the key up themselves and convert with the <c>As…</c> methods.</para>
/// </summary>
public static class JsonFields
{
    // ---- errors ----

    public static R1OmniException Missing(string where, string path, string what) =>
        new($"{where}: field '{path}' is missing (expected {what})");

    /// <summary>A value of the wrong type; <paramref name="path"/> null for a value that is not a field.</summary>
    public static R1OmniException WrongType(string where, string? path, string what, JsonElement found) =>
        new(path is null ? $"{where}: expected {what}, found {Describe(found)}"
                         : $"{where}: field '{path}' must be {what}, found {Describe(found)}");

    /// <summary>The kind with an article ("a string", "a list", ...), as errors name what they expected.</summary>
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

    /// <summary>A found value for an error: its kind and its JSON text, cut to 40 characters (<c>a string "64"</c>,
    /// <c>a list ["sad", "tired"]</c>); null, true and false as themselves.</summary>
    public static string Describe(JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False) return value.GetRawText();
        if (value.ValueKind == JsonValueKind.Undefined) return "nothing";
        string raw = value.GetRawText();
        if (raw.Length > 40) raw = raw[..40] + "...";
        return $"{Describe(value.ValueKind)} {raw}";
    }

    // ---- one value ----

    /// <summary>Checks the kind of a value; <see cref="JsonValueKind.True"/> or <see cref="JsonValueKind.False"/> means
    /// either boolean. <paramref name="what"/> defaults to the kind ("an object").</summary>
    public static JsonElement Expect(JsonElement value, JsonValueKind kind, string where, string? path = null, string? what = null)
    {
        bool ok = kind is JsonValueKind.True or JsonValueKind.False
            ? value.ValueKind is JsonValueKind.True or JsonValueKind.False
            : value.ValueKind == kind;
        return ok ? value : throw WrongType(where, path, what ?? Describe(kind), value);
    }

    public static string AsString(JsonElement value, string where, string? path, string what = "a string") =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw WrongType(where, path, what, value);

    /// <summary>A number that is a 32-bit integer.</summary>
    public static int AsInt(JsonElement value, string where, string? path, string what = "an integer") =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) ? n : throw WrongType(where, path, what, value);

    public static double AsDouble(JsonElement value, string where, string? path, string what = "a number") =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw WrongType(where, path, what, value);

    public static bool AsBool(JsonElement value, string where, string? path, string what = "a boolean") =>
        value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw WrongType(where, path, what, value);

    /// <summary>An identifier written as a string or as an integer (<c>"00017"</c> or <c>17</c>), as a string.</summary>
    public static string AsId(JsonElement value, string where, string? path) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number when value.TryGetInt64(out long n) => n.ToString(CultureInfo.InvariantCulture),
        _ => throw WrongType(where, path, "a string or an integer id", value),
    };

    /// <summary>An integer or a list of integers (as HF writes <c>eos_token_id</c>).</summary>
    public static int[] AsIntOrList(JsonElement value, string where, string path)
    {
        if (value.ValueKind == JsonValueKind.Number) return [AsInt(value, where, path)];
        if (value.ValueKind != JsonValueKind.Array) throw WrongType(where, path, "an integer or a list of integers", value);
        return value.EnumerateArray().Select((x, i) => AsInt(x, where, $"{path}[{i}]")).ToArray();
    }

    public static string[] AsStringList(JsonElement value, string where, string path, string what = "a list of strings")
    {
        Expect(value, JsonValueKind.Array, where, path, what);
        return value.EnumerateArray().Select((x, i) => AsString(x, where, $"{path}[{i}]")).ToArray();
    }

    /// <summary>An object whose values are all strings, in file order.</summary>
    public static IReadOnlyDictionary<string, string> AsStringMap(JsonElement value, string where, string path, string what = "an object of strings")
    {
        Expect(value, JsonValueKind.Object, where, path, what);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in value.EnumerateObject()) map[p.Name] = AsString(p.Value, where, $"{path}.{p.Name}");
        return map;
    }

    // ---- fields of an object ----

    /// <summary>The value at <paramref name="key"/> when present and not JSON null.</summary>
    public static bool TryGet(JsonElement obj, string key, out JsonElement value) =>
        obj.TryGetProperty(key, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The value at <paramref name="key"/>, of the given kind; <paramref name="what"/> defaults to the kind.</summary>
    public static JsonElement Required(JsonElement obj, string key, JsonValueKind kind, string where, string? path = null, string? what = null) =>
        Expect(Present(obj, key, where, path, what ?? Describe(kind)), kind, where, path ?? key, what);

    /// <summary>The value at <paramref name="key"/>, of the given kind, or null when absent or JSON null.</summary>
    public static JsonElement? Optional(JsonElement obj, string key, JsonValueKind kind, string where, string? path = null, string? what = null) =>
        TryGet(obj, key, out var v) ? Expect(v, kind, where, path ?? key, what) : null;

    public static string RequiredString(JsonElement obj, string key, string where, string? path = null, string what = "a string") =>
        AsString(Present(obj, key, where, path, what), where, path ?? key, what);

    public static string? OptionalString(JsonElement obj, string key, string where, string? path = null, string what = "a string") =>
        TryGet(obj, key, out var v) ? AsString(v, where, path ?? key, what) : null;

    public static int RequiredInt(JsonElement obj, string key, string where, string? path = null, string what = "an integer") =>
        AsInt(Present(obj, key, where, path, what), where, path ?? key, what);

    public static int? OptionalInt(JsonElement obj, string key, string where, string? path = null, string what = "an integer") =>
        TryGet(obj, key, out var v) ? AsInt(v, where, path ?? key, what) : null;

    public static double RequiredDouble(JsonElement obj, string key, string where, string? path = null, string what = "a number") =>
        AsDouble(Present(obj, key, where, path, what), where, path ?? key, what);

    public static double? OptionalDouble(JsonElement obj, string key, string where, string? path = null, string what = "a number") =>
        TryGet(obj, key, out var v) ? AsDouble(v, where, path ?? key, what) : null;

    public static bool RequiredBool(JsonElement obj, string key, string where, string? path = null, string what = "a boolean") =>
        AsBool(Present(obj, key, where, path, what), where, path ?? key, what);

    public static bool? OptionalBool(JsonElement obj, string key, string where, string? path = null, string what = "a boolean") =>
        TryGet(obj, key, out var v) ? AsBool(v, where, path ?? key, what) : null;

    /// <summary>A string-or-integer id (<see cref="AsId"/>), or null when absent or JSON null.</summary>
    public static string? OptionalId(JsonElement obj, string key, string where, string? path = null) =>
        TryGet(obj, key, out var v) ? AsId(v, where, path ?? key) : null;

    /// <summary>An integer or a list of integers (<see cref="AsIntOrList"/>), or null when absent or JSON null.</summary>
    public static int[]? OptionalIntOrList(JsonElement obj, string key, string where, string? path = null) =>
        TryGet(obj, key, out var v) ? AsIntOrList(v, where, path ?? key) : null;

    public static string[]? OptionalStringList(JsonElement obj, string key, string where, string? path = null, string what = "a list of strings") =>
        TryGet(obj, key, out var v) ? AsStringList(v, where, path ?? key, what) : null;

    public static string[] RequiredStringList(JsonElement obj, string key, string where, string? path = null, string what = "a list of strings") =>
        AsStringList(Present(obj, key, where, path, what), where, path ?? key, what);

    public static IReadOnlyDictionary<string, string> RequiredStringMap(JsonElement obj, string key, string where, string? path = null, string what = "an object of strings") =>
        AsStringMap(Present(obj, key, where, path, what), where, path ?? key, what);

    /// <summary>An object of strings (<see cref="AsStringMap"/>); empty when absent or JSON null.</summary>
    public static IReadOnlyDictionary<string, string> OptionalStringMap(JsonElement obj, string key, string where, string? path = null, string what = "an object of strings") =>
        TryGet(obj, key, out var v) ? AsStringMap(v, where, path ?? key, what) : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The value at <paramref name="key"/>, JSON null included (the conversion then reports it); absent is missing.</summary>
    static JsonElement Present(JsonElement obj, string key, string where, string? path, string what) =>
        obj.TryGetProperty(key, out var v) ? v : throw Missing(where, path ?? key, what);
}
