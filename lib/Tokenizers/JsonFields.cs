using System.Text.Json;

namespace R1Omni.Tokenizers;

/// <summary>Reads typed fields of HF JSON files, failing with an <see cref="R1OmniException"/> that names the file and
/// the key path (e.g. <c>model.vocab</c>) and says what was expected.</summary>
internal static class JsonFields
{
    public static JsonDocument Parse(Stream stream, string file)
    {
        try { return JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 }); }
        catch (JsonException e) { throw new R1OmniException($"{file}: not valid JSON ({e.Message})", e); }
    }

    public static JsonElement Required(JsonElement parent, string key, JsonValueKind kind, string file, string path) =>
        Optional(parent, key, kind, file, path)
        ?? throw new R1OmniException($"{file}: missing key '{path}' (expected {Describe(kind)})");

    /// <summary>The value at <paramref name="key"/>, or null when absent or JSON null.</summary>
    public static JsonElement? Optional(JsonElement parent, string key, JsonValueKind kind, string file, string path)
    {
        if (!parent.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        Expect(value, kind, file, path);
        return value;
    }

    public static void Expect(JsonElement value, JsonValueKind kind, string file, string path)
    {
        bool ok = value.ValueKind == kind || kind == JsonValueKind.True && value.ValueKind == JsonValueKind.False;
        if (!ok) throw new R1OmniException($"{file}: '{path}' is {Describe(value.ValueKind)}, expected {Describe(kind)}");
    }

    public static string RequiredString(JsonElement parent, string key, string file, string path) =>
        Required(parent, key, JsonValueKind.String, file, path).GetString()!;

    public static bool OptionalBool(JsonElement parent, string key, string file, string path) =>
        Optional(parent, key, JsonValueKind.True, file, path)?.GetBoolean() ?? false;

    public static int Int(JsonElement value, string file, string path)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int n))
            throw new R1OmniException($"{file}: '{path}' is {value}, expected an integer");
        return n;
    }

    /// <summary>A token named in tokenizer_config.json: a plain string or a serialised AddedToken object with `content`.</summary>
    public static string? OptionalTokenName(JsonElement parent, string key, string file)
    {
        if (!parent.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object => RequiredString(value, "content", file, $"{key}.content"),
            _ => throw new R1OmniException($"{file}: '{key}' is {Describe(value.ValueKind)}, expected a token string or an object with 'content'"),
        };
    }

    static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
