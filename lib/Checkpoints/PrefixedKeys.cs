using R1Omni.Runtime;

namespace R1Omni.Checkpoints;

/// <summary>
/// Key mapping for a module stored under a prefix of a larger checkpoint: a tower in its own folder (no prefix, or
/// <c>bert.</c> in bert-base-uncased, <c>model.encoder.</c> in openai/whisper), or inside a HumanOmni checkpoint
/// (<c>model.bert_model.</c>, …).
/// </summary>
public static class PrefixedKeys
{
    /// <summary>
    /// A rename for <see cref="StateDict.Load"/>: a key under <paramref name="prefix"/> maps to the key with the prefix
    /// removed, unless <paramref name="ignored"/> says (of the stripped key) that the module does not use it; keys outside
    /// the prefix belong to other modules and are skipped.
    /// </summary>
    public static Func<string, string?> Under(string prefix, Func<string, bool> ignored) => key =>
    {
        if (!key.StartsWith(prefix, StringComparison.Ordinal)) return null;
        string inner = key[prefix.Length..];
        return ignored(inner) ? null : inner;
    };

    /// <summary>The first of <paramref name="prefixes"/> under which the checkpoint holds <paramref name="probe"/>.</summary>
    public static string Detect(CheckpointReader reader, string probe, string what, params string[] prefixes) =>
        prefixes.FirstOrDefault(p => reader.Contains(p + probe))
        ?? throw new R1OmniException($"{reader.Location}: not a {what} checkpoint: none of " +
                                     string.Join(", ", prefixes.Select(p => $"'{p}{probe}'")) + " is present." +
                                     KeySuggestions.Sentence(probe, reader.Keys));

    /// <summary>
    /// For a stand-alone folder: every key outside <paramref name="prefix"/> must be one the layout is known to carry
    /// beside the module (<paramref name="sibling"/>); anything else suggests the wrong folder.
    /// </summary>
    public static void RequireKnownSiblings(CheckpointReader reader, string prefix, Func<string, bool> sibling, string what)
    {
        var foreign = reader.Keys.Where(k => !k.StartsWith(prefix, StringComparison.Ordinal) && !sibling(k))
            .Order(StringComparer.Ordinal).ToList();
        if (foreign.Count > 0)
            throw new R1OmniException($"{reader.Location}: {foreign.Count} tensor(s) outside '{prefix}' that a {what} checkpoint does not carry: " +
                                      string.Join(", ", foreign.Take(10).Select(k => $"'{k}'")) + (foreign.Count > 10 ? " …" : ""));
    }
}
