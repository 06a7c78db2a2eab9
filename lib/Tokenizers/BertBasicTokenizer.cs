using System.Globalization;
using System.Text;

namespace R1Omni.Tokenizers;

/// <summary>
/// HF's <c>BasicTokenizer</c> (transformers, slow BERT tokenizer): cleans the text, isolates CJK ideographs,
/// lower-cases, strips accents and splits on white space and punctuation. Special tokens never reach it
/// (<see cref="BertTokenizer"/> splits them off first, as HF's added-token trie does).
/// </summary>
public sealed class BertBasicTokenizer
{
    /// <param name="doLowerCase">Lower-case every code point (HF <c>do_lower_case</c>).</param>
    /// <param name="stripAccents">HF <c>strip_accents</c>: null follows <paramref name="doLowerCase"/>.</param>
    /// <param name="tokenizeChineseChars">Surround CJK ideographs with spaces (HF <c>tokenize_chinese_chars</c>).</param>
    public BertBasicTokenizer(bool doLowerCase = true, bool? stripAccents = null, bool tokenizeChineseChars = true)
    {
        DoLowerCase = doLowerCase;
        StripAccents = stripAccents ?? doLowerCase;
        TokenizeChineseChars = tokenizeChineseChars;
    }

    public bool DoLowerCase { get; }
    public bool StripAccents { get; }
    public bool TokenizeChineseChars { get; }

    /// <summary>Splits <paramref name="text"/> into the words that WordPiece then cuts into pieces.</summary>
    public List<string> Tokenize(string text)
    {
        // HF lowers the whole text before the basic tokenizer and once more per word; once is the same.
        if (DoLowerCase) text = PythonText.Lower(text);
        text = CleanAndIsolateCjk(text);
        // HF normalises to NFC so that one character written with different code points tokenizes alike.
        text = text.Normalize(NormalizationForm.FormC);
        var split = new List<string>();
        foreach (string word in PythonText.Split(text))
            SplitOnPunctuation(StripAccents ? RemoveAccents(word) : word, split);
        // Accent stripping can empty a word (one made only of combining marks); HF re-splits to drop it.
        return PythonText.Split(string.Join(' ', split));
    }

    /// <summary>HF <c>_clean_text</c> then <c>_tokenize_chinese_chars</c>, in one pass.</summary>
    string CleanAndIsolateCjk(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        Span<char> utf16 = stackalloc char[2];
        foreach (Rune r in text.EnumerateRunes())
        {
            int cp = r.Value;
            if (cp == 0 || cp == 0xFFFD || IsControl(r)) continue;
            if (IsWhitespace(r)) { sb.Append(' '); continue; }
            var chars = utf16[..r.EncodeToUtf16(utf16)];
            if (TokenizeChineseChars && IsChineseChar(cp)) sb.Append(' ').Append(chars).Append(' ');
            else sb.Append(chars);
        }
        return sb.ToString();
    }

    /// <summary>HF <c>_run_strip_accents</c>: NFD, then drop non-spacing marks (Mn).</summary>
    static string RemoveAccents(string word)
    {
        string nfd = word.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(nfd.Length);
        Span<char> utf16 = stackalloc char[2];
        foreach (Rune r in nfd.EnumerateRunes())
            if (Rune.GetUnicodeCategory(r) != UnicodeCategory.NonSpacingMark)
                sb.Append(utf16[..r.EncodeToUtf16(utf16)]);
        return sb.ToString();
    }

    /// <summary>HF <c>_run_split_on_punc</c>: every punctuation character becomes a word of its own.</summary>
    static void SplitOnPunctuation(string word, List<string> output)
    {
        int start = 0, i = 0;
        foreach (Rune r in word.EnumerateRunes())
        {
            int next = i + r.Utf16SequenceLength;
            if (IsPunctuation(r))
            {
                if (i > start) output.Add(word[start..i]);
                output.Add(word[i..next]);
                start = next;
            }
            i = next;
        }
        if (word.Length > start) output.Add(word[start..]);
    }

    /// <summary>HF <c>_is_whitespace</c>: space, tab, newline, carriage return, or category Zs.</summary>
    static bool IsWhitespace(Rune r) =>
        r.Value is ' ' or '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(r) == UnicodeCategory.SpaceSeparator;

    /// <summary>HF <c>_is_control</c>: any category C* except tab, newline and carriage return.</summary>
    static bool IsControl(Rune r)
    {
        if (r.Value is '\t' or '\n' or '\r') return false;
        return Rune.GetUnicodeCategory(r) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
    }

    /// <summary>HF <c>_is_punctuation</c>: all non-alphanumeric ASCII symbols, plus Unicode category P*.</summary>
    static bool IsPunctuation(Rune r)
    {
        int cp = r.Value;
        if (cp is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126) return true;
        return Rune.GetUnicodeCategory(r) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>HF <c>_is_chinese_char</c>: the CJK Unified Ideographs blocks (not kana or hangul).</summary>
    static bool IsChineseChar(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF
            or >= 0x2A700 and <= 0x2B73F or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF
            or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;
}
