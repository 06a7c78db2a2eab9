using System.IO.Compression;
using System.Text.Json.Nodes;
using R1Omni.Runtime;

namespace R1Omni.Tokenizers;

/// <summary>
/// A Qwen2 tokenizer cut down to what a closed corpus needs: the BPE tokens its texts encode to, every merge those
/// tokens are built from (recursively), all 256 byte tokens and the whole added vocabulary, renumbered densely
/// (ordinary tokens in their original order, then the added tokens). Merges keep their priority order, so every text
/// of the corpus encodes to exactly the same token strings as with the full vocabulary; any other text still encodes
/// (down to bytes at worst), into fewer merged pieces. A model built from scratch over it needs an embedding and an
/// LM head only as wide as the corpus's vocabulary instead of 151,936 rows.
/// </summary>
public static class Qwen2VocabularySubset
{
    /// <summary>Writes the subset's <c>tokenizer.json</c> to <paramref name="outPath"/> and returns it loaded.</summary>
    public static Qwen2Tokenizer Write(string sourceTokenizerJson, IEnumerable<string> corpus, string outPath)
    {
        var full = Qwen2Tokenizer.FromFiles(sourceTokenizerJson, null);
        var json = TokenizerJson.Read(sourceTokenizerJson);
        var addedIds = json.AddedTokens.Select(t => t.Id).ToHashSet();

        // The merge that builds each token (the first, i.e. highest-priority, one).
        var builtFrom = new Dictionary<string, (string Left, string Right)>(StringComparer.Ordinal);
        foreach (string merge in json.Merges)
        {
            int space = merge.IndexOf(' ');
            string left = merge[..space], right = merge[(space + 1)..];
            builtFrom.TryAdd(left + right, (left, right));
        }
        var keep = new HashSet<string>(Enumerable.Range(0, 256).Select(b => ByteLevelAlphabet.ByteToChar((byte)b).ToString()), StringComparer.Ordinal);
        void Keep(string token)
        {
            if (!keep.Add(token) || !builtFrom.TryGetValue(token, out var parts)) return;
            Keep(parts.Left);
            Keep(parts.Right);
        }
        foreach (string text in corpus)
            foreach (int id in full.Encode(text))
                if (!addedIds.Contains(id)) Keep(full.IdToToken(id)!);

        var tokens = json.Vocab.Where(kv => keep.Contains(kv.Key)).OrderBy(kv => kv.Value).Select(kv => kv.Key).ToList();
        var merges = json.Merges.Where(m =>
        {
            int space = m.IndexOf(' ');
            string left = m[..space], right = m[(space + 1)..];
            return keep.Contains(left) && keep.Contains(right) && keep.Contains(left + right);
        }).ToList();

        var root = ReadNode(sourceTokenizerJson);
        var vocab = new JsonObject();
        for (int i = 0; i < tokens.Count; i++) vocab[tokens[i]] = i;
        root["model"]!["vocab"] = vocab;
        root["model"]!["merges"] = new JsonArray(merges.Select(m => (JsonNode)m).ToArray());
        int next = tokens.Count;
        foreach (var added in root["added_tokens"]!.AsArray().OrderBy(t => (int)t!["id"]!))
            added!["id"] = next++;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        AtomicFile.WriteAllText(outPath, root.ToJsonString() + "\n");
        return Qwen2Tokenizer.FromFiles(outPath, null);
    }

    static JsonNode ReadNode(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        return JsonNode.Parse(stream) ?? throw new R1OmniException($"{path}: empty tokenizer.json");
    }
}
