namespace R1Omni.Tokenizers;

/// <summary>
/// HF's <c>WordpieceTokenizer</c>: greedy longest-match-first over a word's code points, continuation pieces
/// prefixed with <c>##</c>; a word that cannot be covered, or is longer than the limit, becomes the unknown token.
/// </summary>
public sealed class WordPieceTokenizer
{
    readonly IReadOnlyDictionary<string, int> _vocab;

    public WordPieceTokenizer(IReadOnlyDictionary<string, int> vocab, string unkToken = "[UNK]",
                              int maxInputCharsPerWord = 100)
    {
        _vocab = vocab;
        UnkToken = unkToken;
        MaxInputCharsPerWord = maxInputCharsPerWord;
    }

    public string UnkToken { get; }

    /// <summary>Words longer than this many code points (Python characters) map to the unknown token.</summary>
    public int MaxInputCharsPerWord { get; }

    /// <summary>Appends the pieces of one word (no white space inside) to <paramref name="output"/>.</summary>
    public void Tokenize(string word, List<string> output)
    {
        // UTF-16 offsets of each code point, so a piece never splits a surrogate pair.
        var bounds = new List<int>(word.Length + 1);
        for (int i = 0; i < word.Length; i += char.IsSurrogatePair(word, i) ? 2 : 1) bounds.Add(i);
        bounds.Add(word.Length);
        int chars = bounds.Count - 1;
        if (chars > MaxInputCharsPerWord) { output.Add(UnkToken); return; }

        int first = output.Count;
        for (int start = 0; start < chars;)
        {
            int end = chars;
            string? piece = null;
            for (; end > start; end--)
            {
                string candidate = word[bounds[start]..bounds[end]];
                if (start > 0) candidate = "##" + candidate;
                if (_vocab.ContainsKey(candidate)) { piece = candidate; break; }
            }
            if (piece is null)
            {
                output.RemoveRange(first, output.Count - first);
                output.Add(UnkToken);
                return;
            }
            output.Add(piece);
            start = end;
        }
    }
}
