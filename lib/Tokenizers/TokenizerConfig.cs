using System.Text.Json;

namespace R1Omni.Tokenizers;

/// <summary>The parts of an HF <c>tokenizer_config.json</c> the workbench uses.</summary>
/// <param name="Path">The file read, for error messages.</param>
/// <param name="AddedTokens">`added_tokens_decoder`, in file order.</param>
/// <param name="ChatTemplate">`chat_template`: the string, or the entry named "default" when it is a list of named templates.</param>
public sealed record TokenizerConfig(
    string Path,
    IReadOnlyList<AddedToken> AddedTokens,
    string? EosToken,
    string? PadToken,
    string? BosToken,
    string? ChatTemplate)
{
    public static TokenizerConfig Read(string path)
    {
        if (!File.Exists(path)) throw new R1OmniException($"{path}: file not found (expected an HF tokenizer_config.json)");
        using var stream = File.OpenRead(path);
        using var doc = JsonFields.Parse(stream, path);
        var root = doc.RootElement;
        JsonFields.Expect(root, JsonValueKind.Object, path, "(root)");

        var added = new List<AddedToken>();
        if (JsonFields.Optional(root, "added_tokens_decoder", JsonValueKind.Object, path, "added_tokens_decoder") is { } decoder)
        {
            foreach (var entry in decoder.EnumerateObject())
            {
                string key = $"added_tokens_decoder.{entry.Name}";
                if (!int.TryParse(entry.Name, out int id) || id < 0)
                    throw new R1OmniException($"{path}: '{key}' is not a token id (expected a non-negative integer key)");
                JsonFields.Expect(entry.Value, JsonValueKind.Object, path, key);
                added.Add(new AddedToken(id, JsonFields.RequiredString(entry.Value, "content", path, $"{key}.content"),
                    JsonFields.OptionalBool(entry.Value, "special", path, $"{key}.special")));
            }
        }

        return new TokenizerConfig(path, added,
            JsonFields.OptionalTokenName(root, "eos_token", path),
            JsonFields.OptionalTokenName(root, "pad_token", path),
            JsonFields.OptionalTokenName(root, "bos_token", path),
            ReadChatTemplate(root, path));
    }

    /// <summary>`chat_template` of a tokenizer_config.json or chat_template.json root object, or null when absent.</summary>
    public static string? ReadChatTemplate(JsonElement root, string path)
    {
        if (!root.TryGetProperty("chat_template", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        if (value.ValueKind != JsonValueKind.Array)
            throw new R1OmniException($"{path}: 'chat_template' must be a string or a list of {{name, template}} objects");
        foreach (var named in value.EnumerateArray())
        {
            JsonFields.Expect(named, JsonValueKind.Object, path, "chat_template[]");
            if (JsonFields.RequiredString(named, "name", path, "chat_template[].name") == "default")
                return JsonFields.RequiredString(named, "template", path, "chat_template[].template");
        }
        throw new R1OmniException($"{path}: 'chat_template' is a list of named templates without one named \"default\"");
    }
}
