namespace R1Omni.Tokenizers;

/// <summary>
/// Finds added tokens in raw text the way HF's added vocabulary does: scanning left to right, at the leftmost
/// position where any token starts take the longest one, then continue after it.
/// </summary>
public sealed class AddedTokenMatcher
{
    // Candidates by first character, longest first.
    readonly Dictionary<char, AddedToken[]> _byFirstChar;
    readonly char[] _firstChars;

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        _byFirstChar = tokens.GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
        _firstChars = _byFirstChar.Keys.ToArray();
    }

    /// <summary>The non-overlapping matches in <paramref name="text"/>, in order, as (start, token).</summary>
    public IEnumerable<(int Start, AddedToken Token)> Matches(string text)
    {
        if (_firstChars.Length == 0) yield break;
        int i = text.IndexOfAny(_firstChars);
        while (i >= 0)
        {
            int at = i;
            var match = _byFirstChar[text[at]].FirstOrDefault(t => text.AsSpan(at).StartsWith(t.Content, StringComparison.Ordinal));
            int next = i + 1;
            if (match is not null)
            {
                yield return (i, match);
                next = i + match.Content.Length;
            }
            i = next < text.Length ? text.IndexOfAny(_firstChars, next) : -1;
        }
    }
}
