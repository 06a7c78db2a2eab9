using System.Text;

namespace R1Omni.Tokenizers;

/// <summary>
/// HF's slow <c>BertTokenizer</c> (bert-base-uncased: lower-case, strip accents, isolate CJK ideographs, split on
/// white space and punctuation, WordPiece), with HF's <c>encode</c>, <c>decode</c> and padded batch encoding.
/// It tokenizes the instruction text read by HumanOmni's BERT gate.
/// </summary>
public sealed class BertTokenizer
{
    public const string PadToken = "[PAD]";
    public const string UnkToken = "[UNK]";
    public const string ClsToken = "[CLS]";
    public const string SepToken = "[SEP]";
    public const string MaskToken = "[MASK]";

    static readonly string[] RequiredTokens = [ClsToken, SepToken, PadToken, UnkToken];

    readonly string[] _idToToken;
    readonly Dictionary<string, int> _tokenToId;
    readonly string[] _specialTokens;
    readonly HashSet<int> _specialIds;
    readonly WordPieceTokenizer _wordPiece;

    /// <param name="vocabulary">Token of each id, in id order (the lines of vocab.txt).</param>
    /// <param name="source">Where the vocabulary came from, named in error messages.</param>
    public BertTokenizer(IReadOnlyList<string> vocabulary, BertTokenizerConfig config, string source)
    {
        if (vocabulary.Count == 0)
            throw new R1OmniException($"{source}: the vocabulary is empty (expected one token per line)");
        _idToToken = [.. vocabulary];
        // As in HF's load_vocab, a repeated token keeps its last id.
        _tokenToId = new Dictionary<string, int>(vocabulary.Count, StringComparer.Ordinal);
        for (int id = 0; id < _idToToken.Length; id++) _tokenToId[_idToToken[id]] = id;
        foreach (string t in RequiredTokens)
            if (!_tokenToId.ContainsKey(t))
                throw new R1OmniException($"{source}: the vocabulary has no {t} token " +
                                          $"(a BERT vocabulary needs {string.Join(", ", RequiredTokens)})");

        _specialTokens = [.. new[] { UnkToken, SepToken, PadToken, ClsToken, MaskToken }.Where(_tokenToId.ContainsKey)];
        _specialIds = [.. _specialTokens.Select(t => _tokenToId[t])];
        Config = config;
        BasicTokenizer = new BertBasicTokenizer(config.DoLowerCase, config.StripAccents, config.TokenizeChineseChars);
        _wordPiece = new WordPieceTokenizer(_tokenToId, UnkToken);
    }

    /// <summary>
    /// Loads a vocab.txt file (one token per line, the id is the line index), or a folder holding vocab.txt and
    /// optionally tokenizer_config.json (which may set do_lower_case, strip_accents, tokenize_chinese_chars and
    /// model_max_length; without it the bert-base-uncased settings apply).
    /// </summary>
    public static BertTokenizer Load(string vocabTxtOrFolder)
    {
        string vocabPath = vocabTxtOrFolder;
        var config = BertTokenizerConfig.Default;
        if (Directory.Exists(vocabTxtOrFolder))
        {
            vocabPath = Path.Combine(vocabTxtOrFolder, "vocab.txt");
            string configPath = Path.Combine(vocabTxtOrFolder, "tokenizer_config.json");
            if (File.Exists(configPath)) config = BertTokenizerConfig.Read(configPath);
        }
        if (!File.Exists(vocabPath))
            throw new R1OmniException($"BERT vocabulary not found: {vocabPath} (expected a vocab.txt file, or a folder containing one)");
        string text;
        try { text = File.ReadAllText(vocabPath, Encoding.UTF8); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new R1OmniException($"{vocabPath}: cannot be read ({e.Message})", e);
        }
        // HF strips only the "\n" of each line; the file's final newline does not start another token.
        var lines = text.Split('\n');
        if (text.EndsWith('\n')) lines = lines[..^1];
        return new BertTokenizer(text.Length == 0 ? [] : lines, config, vocabPath);
    }

    public BertTokenizerConfig Config { get; }
    public BertBasicTokenizer BasicTokenizer { get; }
    public int VocabSize => _idToToken.Length;
    public int PadTokenId => _tokenToId[PadToken];
    public int UnkTokenId => _tokenToId[UnkToken];
    public int ClsTokenId => _tokenToId[ClsToken];
    public int SepTokenId => _tokenToId[SepToken];

    /// <summary>The id of a token, or the [UNK] id when the vocabulary lacks it (HF convert_tokens_to_ids).</summary>
    public int TokenToId(string token) => _tokenToId.TryGetValue(token, out int id) ? id : UnkTokenId;

    /// <summary>The token of an id; an id outside the vocabulary is a caller error.</summary>
    public string IdToToken(int id) =>
        (uint)id < (uint)_idToToken.Length
            ? _idToToken[id]
            : throw new ArgumentOutOfRangeException(nameof(id), id, $"token id outside the vocabulary of {VocabSize}");

    /// <summary>
    /// The words before WordPiece: special tokens written in the text ([CLS], [SEP], [PAD], [UNK], [MASK], exact
    /// spelling) are kept whole; the rest goes through the basic tokenizer.
    /// </summary>
    public string[] BasicTokenize(string text)
    {
        var words = new List<string>();
        foreach (var (segment, special) in SplitOnSpecialTokens(text))
        {
            if (special) words.Add(segment);
            else words.AddRange(BasicTokenizer.Tokenize(segment));
        }
        return [.. words];
    }

    /// <summary>The WordPiece tokens of <paramref name="text"/> (HF <c>tokenize</c>), without [CLS]/[SEP].</summary>
    public string[] Tokenize(string text)
    {
        var pieces = new List<string>();
        foreach (var (segment, special) in SplitOnSpecialTokens(text))
        {
            if (special) { pieces.Add(segment); continue; }
            foreach (string word in BasicTokenizer.Tokenize(segment)) _wordPiece.Tokenize(word, pieces);
        }
        return [.. pieces];
    }

    /// <summary>HF <c>encode</c>: the ids of <paramref name="text"/>, framed as [CLS] … [SEP] when asked.</summary>
    public int[] Encode(string text, bool addSpecialTokens = true)
    {
        string[] tokens = Tokenize(text);
        int offset = addSpecialTokens ? 1 : 0;
        var ids = new int[tokens.Length + 2 * offset];
        for (int i = 0; i < tokens.Length; i++) ids[i + offset] = TokenToId(tokens[i]);
        if (addSpecialTokens) (ids[0], ids[^1]) = (ClsTokenId, SepTokenId);
        return ids;
    }

    /// <summary>
    /// HF <c>decode</c> with <c>clean_up_tokenization_spaces=True</c>: tokens joined with spaces, "##" pieces glued
    /// to their word, then the spaces before punctuation and English contractions removed.
    /// </summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        var tokens = new List<string>();
        foreach (int id in ids)
        {
            string token = IdToToken(id);
            if (!(skipSpecialTokens && _specialIds.Contains(id))) tokens.Add(token);
        }
        string text = string.Join(' ', tokens).Replace(" ##", "").Trim();
        return CleanUpTokenization(text);
    }

    /// <summary>
    /// HF <c>tokenizer(texts, padding=True, truncation=…, max_length=…)</c>: each text framed by [CLS]/[SEP],
    /// padded on the right with [PAD] to the longest in the batch. With <paramref name="truncation"/>, a text is cut
    /// so that its framed length is at most <paramref name="maxLength"/> (default <see cref="BertTokenizerConfig.ModelMaxLength"/>).
    /// </summary>
    public BertBatch EncodeBatch(IReadOnlyList<string> texts, int? maxLength = null, bool truncation = false)
    {
        if (texts.Count == 0) throw new ArgumentException("a batch needs at least one text", nameof(texts));
        if (maxLength is not null && !truncation)
            throw new ArgumentException("maxLength only applies with truncation: true (padding is to the longest text)",
                                        nameof(maxLength));
        int limit = maxLength ?? Config.ModelMaxLength;
        if (truncation && limit < 2)
            throw new ArgumentOutOfRangeException(nameof(maxLength), limit, "must leave room for [CLS] and [SEP] (at least 2)");

        var rows = new int[texts.Count][];
        for (int b = 0; b < texts.Count; b++)
        {
            int[] ids = Encode(texts[b], addSpecialTokens: false);
            if (truncation && ids.Length > limit - 2) ids = ids[..(limit - 2)];
            rows[b] = [ClsTokenId, .. ids, SepTokenId];
        }
        int length = rows.Max(r => r.Length);
        var inputIds = new long[rows.Length, length];
        var attentionMask = new long[rows.Length, length];
        for (int b = 0; b < rows.Length; b++)
            for (int t = 0; t < length; t++)
            {
                bool real = t < rows[b].Length;
                inputIds[b, t] = real ? rows[b][t] : PadTokenId;
                attentionMask[b, t] = real ? 1 : 0;
            }
        // A single segment: every token type is 0.
        return new BertBatch(inputIds, attentionMask, new long[rows.Length, length]);
    }

    /// <summary>Splits text at exact occurrences of the special tokens (leftmost, then longest, as HF's trie).</summary>
    IEnumerable<(string Segment, bool Special)> SplitOnSpecialTokens(string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '[') continue;
            string? match = null;
            foreach (string t in _specialTokens)
                if (text.AsSpan(i).StartsWith(t, StringComparison.Ordinal) && (match is null || t.Length > match.Length))
                    match = t;
            if (match is null) continue;
            if (i > start) yield return (text[start..i], false);
            yield return (match, true);
            start = i + match.Length;
            i = start - 1;
        }
        if (start < text.Length) yield return (text[start..], false);
    }

    /// <summary>HF <c>clean_up_tokenization</c>, replacements applied in HF's order.</summary>
    static string CleanUpTokenization(string text) =>
        text.Replace(" .", ".").Replace(" ?", "?").Replace(" !", "!").Replace(" ,", ",").Replace(" ' ", "'")
            .Replace(" n't", "n't").Replace(" 'm", "'m").Replace(" 's", "'s").Replace(" 've", "'ve").Replace(" 're", "'re");
}
