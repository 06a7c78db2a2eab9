using System.Text;
using Microsoft.ML.Tokenizers;

namespace R1Omni.Tokenizers;

/// <summary>
/// The Qwen2 / Qwen2.5 / Qwen2-VL byte-level BPE tokenizer, reproducing HF's fast tokenizer from the same
/// tokenizer.json: added tokens are matched in the raw text first, every other stretch is NFC-normalised, cut by
/// <see cref="Qwen2PreTokenizer"/> and BPE-encoded (Microsoft.ML.Tokenizers' byte-level <see cref="BpeTokenizer"/>).
/// Decoding maps tokens back to bytes and reads them as UTF-8, invalid sequences becoming U+FFFD as in HF.
/// Instances are immutable and safe to share; loading the 151k vocabulary takes a moment, so load once.
/// </summary>
public sealed class Qwen2Tokenizer
{
    public const string EndOfTextToken = "<|endoftext|>";
    public const string ImStartToken = "<|im_start|>";
    public const string ImEndToken = "<|im_end|>";

    readonly BpeTokenizer _bpe;
    readonly AddedTokenMatcher _addedMatcher;
    readonly Dictionary<string, int> _tokenToId;
    readonly string?[] _idToToken;
    readonly byte[]?[] _idToBytes;
    readonly HashSet<int> _specialIds;

    Qwen2Tokenizer(TokenizerJson json, TokenizerConfig? config)
    {
        var added = MergeAddedTokens(json, config);
        _tokenToId = new Dictionary<string, int>(json.Vocab, StringComparer.Ordinal);
        foreach (var t in added) _tokenToId[t.Content] = t.Id;

        int maxId = Math.Max(json.Vocab.Values.Max(), added.Count == 0 ? 0 : added.Max(t => t.Id));
        _idToToken = new string?[maxId + 1];
        foreach (var (token, id) in json.Vocab) _idToToken[id] = token;
        foreach (var t in added) _idToToken[t.Id] = t.Content;
        _idToBytes = _idToToken.Select(t => t is null ? null : TokenBytes(t)).ToArray();
        VocabSize = _idToToken.Count(t => t is not null);

        _specialIds = added.Where(t => t.Special).Select(t => t.Id).ToHashSet();
        AddedTokens = added;
        _addedMatcher = new AddedTokenMatcher(added);
        _bpe = BpeTokenizer.Create(new BpeOptions(json.Vocab) { Merges = json.Merges, ByteLevel = true });

        EndOfTextId = RequiredAddedId(EndOfTextToken, json.Path);
        ImStartId = RequiredAddedId(ImStartToken, json.Path);
        ImEndId = RequiredAddedId(ImEndToken, json.Path);
        EosTokenId = ConfigTokenId(config?.EosToken, "eos_token", config);
        PadTokenId = ConfigTokenId(config?.PadToken, "pad_token", config);
        BosTokenId = ConfigTokenId(config?.BosToken, "bos_token", config);
        ChatTemplate = config?.ChatTemplate;
    }

    /// <summary>Loads <c>tokenizer.json</c> (or <c>tokenizer.json.gz</c>) and, if present, <c>tokenizer_config.json</c> from a folder.</summary>
    public static Qwen2Tokenizer Load(string folder)
    {
        if (!Directory.Exists(folder)) throw new R1OmniException($"{folder}: tokenizer folder not found");
        string json = Path.Combine(folder, "tokenizer.json");
        if (!File.Exists(json) && File.Exists(json + ".gz")) json += ".gz";
        if (!File.Exists(json)) throw new R1OmniException($"{folder}: has neither tokenizer.json nor tokenizer.json.gz");
        string config = Path.Combine(folder, "tokenizer_config.json");
        return FromFiles(json, File.Exists(config) ? config : null);
    }

    /// <summary>Loads from an HF tokenizer.json (".gz" allowed) and an optional tokenizer_config.json.</summary>
    public static Qwen2Tokenizer FromFiles(string tokenizerJsonPath, string? tokenizerConfigPath) =>
        new(TokenizerJson.Read(tokenizerJsonPath), tokenizerConfigPath is null ? null : TokenizerConfig.Read(tokenizerConfigPath));

    /// <summary>Number of distinct token ids, added tokens included (HF's <c>len(tokenizer)</c>).</summary>
    public int VocabSize { get; }
    public int EndOfTextId { get; }
    public int ImStartId { get; }
    public int ImEndId { get; }
    /// <summary>Id of tokenizer_config.json's eos_token; null without a config or when it names none.</summary>
    public int? EosTokenId { get; }
    /// <summary>Id of tokenizer_config.json's pad_token; null without a config or when it names none.</summary>
    public int? PadTokenId { get; }
    /// <summary>Id of tokenizer_config.json's bos_token (null for Qwen, which has none).</summary>
    public int? BosTokenId { get; }
    /// <summary>tokenizer_config.json's chat_template text, if any.</summary>
    public string? ChatTemplate { get; }
    /// <summary>The added vocabulary: tokenizer.json's added_tokens plus any extra ones from tokenizer_config.json.</summary>
    public IReadOnlyList<AddedToken> AddedTokens { get; }

    public int? TokenToId(string token) => _tokenToId.TryGetValue(token, out int id) ? id : null;

    /// <summary>The token string (byte-level form such as "Ġhello" for vocabulary tokens), or null for an unknown id.</summary>
    public string? IdToToken(int id) => (uint)id < (uint)_idToToken.Length ? _idToToken[id] : null;

    public bool IsSpecial(int id) => _specialIds.Contains(id);

    /// <summary>Encodes text; added/special tokens written in the text (e.g. "&lt;|im_start|&gt;") become their single ids.</summary>
    /// <param name="addSpecialTokens">Kept for parity with HF; Qwen's post-processor adds no BOS/EOS, so it changes nothing.</param>
    public int[] Encode(string text, bool addSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckWellFormed(text);
        var ids = new List<int>();
        int pos = 0;
        foreach (var (start, token) in _addedMatcher.Matches(text))
        {
            EncodeOrdinary(text[pos..start], ids);
            ids.Add(token.Id);
            pos = start + token.Content.Length;
        }
        EncodeOrdinary(text[pos..], ids);
        return ids.ToArray();
    }

    /// <summary>
    /// Decodes ids to text. With <paramref name="skipSpecialTokens"/> the added tokens marked special are left
    /// out (non-special added ones such as &lt;tool_call&gt; stay). Ids outside the vocabulary are skipped, as HF does.
    /// </summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        var bytes = new List<byte>();
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)_idToBytes.Length || _idToBytes[id] is not { } tokenBytes) continue;
            if (skipSpecialTokens && _specialIds.Contains(id)) continue;
            bytes.AddRange(tokenBytes);
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    void EncodeOrdinary(string segment, List<int> ids)
    {
        if (segment.Length == 0) return;
        string normalized = segment.IsNormalized(NormalizationForm.FormC) ? segment : segment.Normalize(NormalizationForm.FormC);
        foreach (var (start, length) in Qwen2PreTokenizer.Split(normalized))
            ids.AddRange(_bpe.EncodeToIds(normalized.AsSpan(start, length), considerPreTokenization: false, considerNormalization: false));
    }

    /// <summary>HF's ByteLevel decoder: each character of the token stands for one byte; a token with a character
    /// outside the alphabet (only possible for added tokens) contributes its own UTF-8 bytes.</summary>
    static byte[] TokenBytes(string token)
    {
        var bytes = new byte[token.Length];
        for (int i = 0; i < token.Length; i++)
            if (!ByteLevelAlphabet.TryCharToByte(token[i], out bytes[i])) return Encoding.UTF8.GetBytes(token);
        return bytes;
    }

    static void CheckWellFormed(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            throw new R1OmniException($"text to encode has an unpaired UTF-16 surrogate U+{(int)text[i]:X4} at index {i}; expected well-formed Unicode text");
        }
    }

    /// <summary>tokenizer.json's added tokens, plus those only tokenizer_config.json lists (as transformers adds them).</summary>
    static List<AddedToken> MergeAddedTokens(TokenizerJson json, TokenizerConfig? config)
    {
        var byId = json.AddedTokens.ToDictionary(t => t.Id);
        foreach (var t in config?.AddedTokens ?? [])
        {
            if (byId.TryGetValue(t.Id, out var known))
            {
                if (known.Content != t.Content)
                    throw new R1OmniException($"{config!.Path}: 'added_tokens_decoder.{t.Id}' is \"{t.Content}\" but {json.Path} has \"{known.Content}\" for id {t.Id}; expected the same token");
            }
            else byId[t.Id] = t;
        }
        return byId.Values.OrderBy(t => t.Id).ToList();
    }

    int RequiredAddedId(string token, string path) =>
        AddedTokens.FirstOrDefault(t => t.Content == token)?.Id
        ?? throw new R1OmniException($"{path}: 'added_tokens' has no \"{token}\"; expected the Qwen2 special tokens");

    int? ConfigTokenId(string? token, string key, TokenizerConfig? config) =>
        token is null ? null
        : TokenToId(token) ?? throw new R1OmniException($"{config!.Path}: '{key}' is \"{token}\", which is not in the vocabulary");
}
