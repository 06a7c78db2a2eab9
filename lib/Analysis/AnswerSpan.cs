using System.Text.RegularExpressions;
using R1Omni.Tokenizers;

namespace R1Omni.Analysis;

/// <summary>
/// Where the answer sits in a generated token sequence: tokens [<see cref="Start"/>, <see cref="End"/>) are the fewest
/// whole tokens whose decoded text covers the answer, the first &lt;answer&gt;…&lt;/answer&gt; group stripped of
/// surrounding whitespace (<see cref="Prompts.AnswerTag.Answer"/>), or the whole response stripped when it
/// has no such group. <see cref="Text"/> is the span's decoded text and the answer occupies
/// [<see cref="AnswerOffset"/>, <see cref="AnswerOffset"/> + <see cref="AnswerLength"/>) of it. The span has at least one token.
/// </summary>
public sealed record AnswerSpan(int Start, int End, string Text, int AnswerOffset, int AnswerLength)
{
    static readonly Regex AnswerTag = new("<answer>(.*?)</answer>", RegexOptions.CultureInvariant);

    public static AnswerSpan Of(IReadOnlyList<int> tokens, Qwen2Tokenizer tokenizer)
    {
        if (tokens.Count == 0) throw new ArgumentException("no generated tokens", nameof(tokens));
        string text = tokenizer.Decode(tokens, skipSpecialTokens: true);
        var m = AnswerTag.Match(text);
        int a = m.Success ? m.Groups[1].Index : 0, b = m.Success ? a + m.Groups[1].Length : text.Length;
        while (a < b && char.IsWhiteSpace(text[a])) a++;
        while (b > a && char.IsWhiteSpace(text[b - 1])) b--;

        // ends[k]: decoded length of tokens 0…k, made monotone (a prefix ending inside a UTF-8 sequence decodes short).
        var ends = new int[tokens.Count];
        for (int k = 0, longest = 0; k < tokens.Count; k++)
            ends[k] = longest = Math.Min(text.Length, Math.Max(longest, tokenizer.Decode(tokens.Take(k + 1), skipSpecialTokens: true).Length));
        int start = Array.FindIndex(ends, e => e > a);
        if (start < 0) start = tokens.Count - 1;
        int end = Math.Max(start + 1, Array.FindIndex(ends, e => e >= b) + 1);
        int from = start == 0 ? 0 : ends[start - 1], to = Math.Max(from, ends[end - 1]);
        int offset = Math.Clamp(a - from, 0, to - from);
        return new AnswerSpan(start, end, text[from..to], offset, Math.Clamp(b - a, 0, to - from - offset));
    }

    /// <summary>The span's text with the answer replaced by <paramref name="replacement"/> (e.g. the label).</summary>
    public string WithAnswer(string replacement) => Text[..AnswerOffset] + replacement + Text[(AnswerOffset + AnswerLength)..];
}
