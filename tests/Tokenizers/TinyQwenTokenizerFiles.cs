using System.Text.Json.Nodes;
using R1Omni.Tokenizers;

namespace R1Omni.Tests.Tokenizers;

/// <summary>
/// Writes a small tokenizer.json with the Qwen2 pipeline: the 256 byte characters as ids 0..255, four merges
/// (h+e, l+l, he+ll, Ġ+w) and the three Qwen special tokens at 300..302. Tests mutate the JSON to make bad files.
/// </summary>
public static class TinyQwenTokenizerFiles
{
    public const int Hell = 258, SpaceW = 259, EndOfText = 300, ImStart = 301, ImEnd = 302;

    public static JsonObject TokenizerJson(bool mergesAsPairs)
    {
        var vocab = new JsonObject();
        for (int b = 0; b < 256; b++) vocab[ByteLevelAlphabet.ByteToChar((byte)b).ToString()] = b;
        vocab["he"] = 256; vocab["ll"] = 257; vocab["hell"] = Hell; vocab["Ġw"] = SpaceW;
        string[][] merges = [["h", "e"], ["l", "l"], ["he", "ll"], ["Ġ", "w"]];
        return new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(
                AddedToken(EndOfText, "<|endoftext|>", true), AddedToken(ImStart, "<|im_start|>", true), AddedToken(ImEnd, "<|im_end|>", true)),
            ["normalizer"] = new JsonObject { ["type"] = "NFC" },
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = Qwen2PreTokenizer.Pattern }, ["behavior"] = "Isolated", ["invert"] = false },
                    new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false }),
            },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = "",
                ["end_of_word_suffix"] = "", ["fuse_unk"] = false, ["byte_fallback"] = false, ["ignore_merges"] = false,
                ["vocab"] = vocab,
                ["merges"] = new JsonArray(merges.Select(m => mergesAsPairs ? (JsonNode)new JsonArray(m[0], m[1]) : $"{m[0]} {m[1]}").ToArray()),
            },
        };
    }

    public static JsonObject AddedToken(int id, string content, bool special) => new()
    {
        ["id"] = id, ["content"] = content, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
        ["normalized"] = false, ["special"] = special,
    };

    /// <summary>Writes <paramref name="json"/> as <paramref name="fileName"/> in a new temp folder and returns the file path.</summary>
    public static string Write(JsonNode json, string fileName = "tokenizer.json", string? dir = null)
    {
        dir ??= TestPaths.NewTempDir();
        string path = Path.Combine(dir, fileName);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }
}
