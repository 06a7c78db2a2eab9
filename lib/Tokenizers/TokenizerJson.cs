using System.IO.Compression;
using System.Text.Json;
using R1Omni.Json;

namespace R1Omni.Tokenizers;

/// <summary>
/// The parts of an HF <c>tokenizer.json</c> (optionally gzip-compressed) that a Qwen2 byte-level BPE tokenizer
/// consists of. Reading checks that the file really describes that pipeline (BPE model, NFC, the Qwen2 split
/// regex followed by ByteLevel, ByteLevel decoder), because any other pipeline would be tokenised wrongly here.
/// </summary>
/// <param name="Merges">Merge rules in priority order, each as "left right".</param>
public sealed record TokenizerJson(string Path, IReadOnlyDictionary<string, int> Vocab, IReadOnlyList<string> Merges,
    IReadOnlyList<AddedToken> AddedTokens)
{
    public static TokenizerJson Read(string path)
    {
        if (!File.Exists(path)) throw new R1OmniException($"{path}: file not found (expected an HF tokenizer.json)");
        using var doc = ParseJson(path);
        var root = doc.RootElement;
        JsonFields.Expect(root, JsonValueKind.Object, path, what: "a JSON object at the top level");

        var model = JsonFields.Required(root, "model", JsonValueKind.Object, path, "model");
        CheckModel(model, path);
        CheckPipeline(root, path);
        return new TokenizerJson(path, ReadVocab(model, path), ReadMerges(model, path), ReadAddedTokens(root, path));
    }

    static JsonDocument ParseJson(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            using var file = File.OpenRead(path);
            return JsonFile.Parse(file, path);
        }
        // Inflating into memory first is several times faster than letting the JSON reader pull from GZipStream.
        var inflated = new MemoryStream();
        try
        {
            using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            gzip.CopyTo(inflated);
        }
        catch (InvalidDataException e) { throw new R1OmniException($"{path}: not a valid gzip file ({e.Message})", e); }
        inflated.Position = 0;
        return JsonFile.Parse(inflated, path);
    }

    static void CheckModel(JsonElement model, string path)
    {
        string type = JsonFields.Optional(model, "type", JsonValueKind.String, path, "model.type")?.GetString() ?? "BPE";
        if (type != "BPE") throw new R1OmniException($"{path}: 'model.type' is \"{type}\", expected \"BPE\" (a Qwen2 byte-level BPE tokenizer)");
        if (JsonFields.Optional(model, "dropout", JsonValueKind.Number, path, "model.dropout") is { } dropout && dropout.GetDouble() != 0)
            throw new R1OmniException($"{path}: 'model.dropout' is {dropout}, expected null (BPE dropout is not supported)");
        foreach (var key in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
            if (JsonFields.Optional(model, key, JsonValueKind.String, path, $"model.{key}")?.GetString() is { Length: > 0 } affix)
                throw new R1OmniException($"{path}: 'model.{key}' is \"{affix}\", expected empty (byte-level BPE uses none)");
        foreach (var key in new[] { "byte_fallback", "ignore_merges" })
            if (JsonFields.OptionalBool(model, key, path, $"model.{key}") == true)
                throw new R1OmniException($"{path}: 'model.{key}' is true, expected false (not supported)");
    }

    /// <summary>Normaliser NFC (or none), pre-tokeniser Split(Qwen2 regex, Isolated) + ByteLevel, ByteLevel decoder.</summary>
    static void CheckPipeline(JsonElement root, string path)
    {
        if (JsonFields.Optional(root, "normalizer", JsonValueKind.Object, path, "normalizer") is { } normalizer
            && JsonFields.RequiredString(normalizer, "type", path, "normalizer.type") is var nType && nType != "NFC")
            throw new R1OmniException($"{path}: 'normalizer.type' is \"{nType}\", expected \"NFC\"");

        const string expectedPre = "a Sequence of Split(Qwen2 regex, Isolated) and ByteLevel(add_prefix_space false, use_regex false)";
        var pre = JsonFields.Required(root, "pre_tokenizer", JsonValueKind.Object, path, "pre_tokenizer");
        var steps = JsonFields.RequiredString(pre, "type", path, "pre_tokenizer.type") == "Sequence"
            ? JsonFields.Required(pre, "pretokenizers", JsonValueKind.Array, path, "pre_tokenizer.pretokenizers").EnumerateArray().ToArray()
            : [];
        if (steps.Length != 2 || steps[0].ValueKind != JsonValueKind.Object || steps[1].ValueKind != JsonValueKind.Object)
            throw new R1OmniException($"{path}: 'pre_tokenizer' is not {expectedPre}");
        var split = steps[0];
        string? regex = split.TryGetProperty("pattern", out var pattern) && pattern.ValueKind == JsonValueKind.Object
            && pattern.TryGetProperty("Regex", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        if (TypeOf(split) != "Split" || regex != Qwen2PreTokenizer.Pattern || StringField(split, "behavior") != "Isolated"
            || BoolField(split, "invert"))
            throw new R1OmniException($"{path}: 'pre_tokenizer.pretokenizers[0]' is not Split with the Qwen2 regex {Qwen2PreTokenizer.Pattern} and behavior Isolated");
        var byteLevel = steps[1];
        if (TypeOf(byteLevel) != "ByteLevel" || BoolField(byteLevel, "add_prefix_space") || BoolField(byteLevel, "use_regex"))
            throw new R1OmniException($"{path}: 'pre_tokenizer.pretokenizers[1]' is not ByteLevel with add_prefix_space false and use_regex false");

        var decoder = JsonFields.Required(root, "decoder", JsonValueKind.Object, path, "decoder");
        if (TypeOf(decoder) != "ByteLevel")
            throw new R1OmniException($"{path}: 'decoder.type' is \"{TypeOf(decoder)}\", expected \"ByteLevel\"");
    }

    static string? TypeOf(JsonElement e) => StringField(e, "type");
    static string? StringField(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    static bool BoolField(JsonElement e, string key) => e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.True;

    static Dictionary<string, int> ReadVocab(JsonElement model, string path)
    {
        var vocabJson = JsonFields.Required(model, "vocab", JsonValueKind.Object, path, "model.vocab");
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in vocabJson.EnumerateObject())
        {
            int id = JsonFields.AsInt(entry.Value, path, $"model.vocab[\"{entry.Name}\"]");
            if (id < 0) throw new R1OmniException($"{path}: 'model.vocab[\"{entry.Name}\"]' is {id}, expected a non-negative id");
            vocab[entry.Name] = id;
        }
        if (vocab.Count == 0) throw new R1OmniException($"{path}: 'model.vocab' is empty");
        return vocab;
    }

    /// <summary>Merges come as "a b" strings (older files) or ["a", "b"] pairs (newer files); both become "a b".</summary>
    static List<string> ReadMerges(JsonElement model, string path)
    {
        var mergesJson = JsonFields.Required(model, "merges", JsonValueKind.Array, path, "model.merges");
        var merges = new List<string>(mergesJson.GetArrayLength());
        int i = 0;
        foreach (var merge in mergesJson.EnumerateArray())
        {
            string where = $"model.merges[{i++}]";
            string[] parts = merge.ValueKind switch
            {
                JsonValueKind.String => merge.GetString()!.Split(' '),
                JsonValueKind.Array => merge.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? p.GetString()! : "").ToArray(),
                _ => [],
            };
            // A part containing a space cannot be written as "a b"; byte-level vocabularies never have one (space is 'Ġ').
            if (parts.Length != 2 || parts.Any(p => p.Length == 0 || p.Contains(' ')))
                throw new R1OmniException($"{path}: '{where}' is {merge}, expected \"left right\" or [\"left\", \"right\"] with two non-empty parts without spaces");
            merges.Add($"{parts[0]} {parts[1]}");
        }
        return merges;
    }

    static List<AddedToken> ReadAddedTokens(JsonElement root, string path)
    {
        var tokens = new List<AddedToken>();
        if (JsonFields.Optional(root, "added_tokens", JsonValueKind.Array, path, "added_tokens") is not { } added) return tokens;
        int i = 0;
        foreach (var token in added.EnumerateArray())
        {
            string where = $"added_tokens[{i++}]";
            JsonFields.Expect(token, JsonValueKind.Object, path, where);
            int id = JsonFields.RequiredInt(token, "id", path, $"{where}.id");
            string content = JsonFields.RequiredString(token, "content", path, $"{where}.content");
            // These flags change where a match may start or end; Qwen2 sets none of them, and they are not implemented.
            foreach (var flag in new[] { "lstrip", "rstrip", "single_word", "normalized" })
                if (JsonFields.OptionalBool(token, flag, path, $"{where}.{flag}") == true)
                    throw new R1OmniException($"{path}: '{where}.{flag}' is true for \"{content}\", expected false (not supported)");
            if (content.Length == 0) throw new R1OmniException($"{path}: '{where}.content' is empty");
            tokens.Add(new AddedToken(id, content, JsonFields.OptionalBool(token, "special", path, $"{where}.special") ?? false));
        }
        return tokens;
    }
}
