using R1Omni.Runtime;

namespace R1Omni.Data;

/// <summary>
/// The label a mistyped one was probably meant to be ("Happy", "joyful", "angery" → happy, happy, angry): the same word
/// written differently, a word of the default synonym table (or one it begins with), or a label spelt nearly alike.
/// </summary>
public static class LabelSuggestion
{
    // Read once: a check of many items asks for a suggestion per mistyped item.
    static readonly Lazy<SynonymTable> Synonyms = new(SynonymTable.Default);

    /// <summary>The closest of <paramref name="labels"/>, or null when none resembles <paramref name="label"/>.</summary>
    public static string? Near(string label, IReadOnlyCollection<string> labels)
    {
        var synonyms = Synonyms.Value;
        string canonical = synonyms.Normalize(label);
        if (labels.Contains(canonical)) return canonical;
        foreach (var (word, meant) in synonyms.Synonyms.OrderByDescending(kv => kv.Key.Length).ThenBy(kv => kv.Key, StringComparer.Ordinal))
            if (canonical.StartsWith(word, StringComparison.Ordinal) && labels.Contains(meant)) return meant;
        // Shared prefix and suffix covering most of the shorter word: a slip of the keyboard, not another word.
        if (KeySuggestions.Near(canonical, labels, max: 1) is not [var near]) return null;
        int shared = KeySuggestions.Similarity(canonical, near);
        return shared >= 3 && shared * 5 >= 3 * Math.Min(canonical.Length, near.Length) ? near : null;
    }

    /// <summary>" (did you mean 'happy'?)" or "".</summary>
    public static string Sentence(string label, IReadOnlyCollection<string> labels) =>
        Near(label, labels) is { } near ? $" (did you mean '{near}'?)" : "";
}
