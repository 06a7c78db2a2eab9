using System.Text;
using System.Text.RegularExpressions;

namespace R1Omni.Tokenizers;

/// <summary>
/// Qwen2's pre-tokenizer: the `Split` regex of tokenizer.json (behaviour Isolated) that cuts normalised text
/// into the pieces BPE merges within. The pattern's alternatives cover every character (letters, digits,
/// whitespace and "anything else"), so the matches tile the text and there are no gaps to emit.
/// </summary>
/// <remarks>
/// HF matches the pattern on code points; .NET's regex sees UTF-16 units, where both halves of a surrogate pair
/// are category Cs, so an astral letter such as 𝐀 would not match <c>\p{L}</c>. Text with surrogate pairs is
/// therefore matched on a stand-in string with one character per code point of the same class (letter, digit
/// or other; no astral code point is whitespace), and the match offsets are mapped back.
/// </remarks>
public static partial class Qwen2PreTokenizer
{
    /// <summary>The pattern as stored in Qwen2/Qwen2.5 tokenizer.json (`pre_tokenizer.pretokenizers[0].pattern.Regex`).</summary>
    public const string Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex SplitRegex();

    /// <summary>The pieces of <paramref name="text"/> as (start, length) in UTF-16 units, in order. Text must be well-formed UTF-16.</summary>
    public static List<(int Start, int Length)> Split(string text)
    {
        var pieces = new List<(int, int)>();
        int firstSurrogate = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (firstSurrogate < 0)
        {
            foreach (var m in SplitRegex().EnumerateMatches(text)) pieces.Add((m.Index, m.Length));
            return pieces;
        }

        var (standIn, charOffset) = CodePointStandIn(text);
        foreach (var m in SplitRegex().EnumerateMatches(standIn))
        {
            int start = charOffset[m.Index];
            pieces.Add((start, charOffset[m.Index + m.Length] - start));
        }
        return pieces;
    }

    /// <summary>One character per code point (astral ones replaced by a BMP character of the same class), and the
    /// UTF-16 offset in <paramref name="text"/> of each code point plus the end.</summary>
    static (string StandIn, int[] CharOffset) CodePointStandIn(string text)
    {
        var standIn = new StringBuilder(text.Length);
        var offsets = new List<int>(text.Length + 1);
        for (int i = 0; i < text.Length;)
        {
            var rune = Rune.GetRuneAt(text, i);
            offsets.Add(i);
            standIn.Append(rune.IsBmp ? (char)rune.Value : SameClassBmpChar(rune));
            i += rune.Utf16SequenceLength;
        }
        offsets.Add(text.Length);
        return (standIn.ToString(), offsets.ToArray());
    }

    // Letters and numbers are the only classes the pattern tells apart among astral code points. 'x' cannot
    // complete a contraction ('s, 't, ...) and '#' is neither an apostrophe nor a line break, so neither adds a match.
    static char SameClassBmpChar(Rune rune)
    {
        if (Rune.IsLetter(rune)) return 'x';
        if (Rune.IsNumber(rune)) return '0';
        return '#';
    }
}
