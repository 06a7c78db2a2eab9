using System.Text.Json;
using R1Omni.Json;

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
        using var doc = JsonFile.Parse(path);
        var root = JsonFields.Expect(doc.RootElement, JsonValueKind.Object, path, what: "a JSON object at the top level");

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
                    JsonFields.OptionalBool(entry.Value, "special", path, $"{key}.special") ?? false));
            }
        }

        return new TokenizerConfig(path, added,
            OptionalTokenName(root, "eos_token", path),
            OptionalTokenName(root, "pad_token", path),
            OptionalTokenName(root, "bos_token", path),
            ReadChatTemplate(root, path));
    }

    /// <summary>A token named in tokenizer_config.json: a plain string or a serialised AddedToken object with `content`.</summary>
    static string? OptionalTokenName(JsonElement root, string key, string path)
    {
        if (!JsonFields.TryGet(root, key, out var value)) return null;
        return value.ValueKind == JsonValueKind.Object
            ? JsonFields.RequiredString(value, "content", path, $"{key}.content")
            : JsonFields.AsString(value, path, key, "a token string or an object with 'content'");
    }

    /// <summary>`chat_template` of a tokenizer_config.json or chat_template.json root object, or null when absent.</summary>
    public static string? ReadChatTemplate(JsonElement root, string path)
    {
        if (!JsonFields.TryGet(root, "chat_template", out var value)) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        JsonFields.Expect(value, JsonValueKind.Array, path, "chat_template", "a string or a list of {name, template} objects");
        foreach (var named in value.EnumerateArray())
        {
            JsonFields.Expect(named, JsonValueKind.Object, path, "chat_template[]");
            if (JsonFields.RequiredString(named, "name", path, "chat_template[].name") == "default")
                return JsonFields.RequiredString(named, "template", path, "chat_template[].template");
        }
        throw new R1OmniException($"{path}: 'chat_template' is a list of named templates without one named \"default\"");
    }
}
