namespace R1Omni.Runtime;

/// <summary>Picks the stored keys (or names) that look most like one that was not found, so an error can point at a likely typo or prefix mismatch.</summary>
internal static class KeySuggestions
{
    /// <summary>Up to <paramref name="max"/> candidates sharing the longest prefix+suffix with <paramref name="key"/>.</summary>
    public static IReadOnlyList<string> Near(string key, IEnumerable<string> candidates, int max = 5) =>
        candidates.Select(c => (c, score: Similarity(key, c)))
                  .Where(x => x.score > 0)
                  .OrderByDescending(x => x.score).ThenBy(x => x.c, StringComparer.Ordinal)
                  .Take(max).Select(x => x.c).ToList();

    /// <summary>" Nearby keys: a, b." or "" when nothing resembles the key.</summary>
    public static string Sentence(string key, IEnumerable<string> candidates)
    {
        var near = Near(key, candidates);
        return near.Count == 0 ? "" : $" Nearby keys: {string.Join(", ", near)}.";
    }

    // Prefix and suffix both matter: "model.layers.0.mlp.up_proj.weight" vs "layers.0.mlp.up_proj.weight" share only a suffix.
    internal static int Similarity(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length), prefix = 0, suffix = 0;
        while (prefix < n && a[prefix] == b[prefix]) prefix++;
        while (suffix < n - prefix && a[^(suffix + 1)] == b[^(suffix + 1)]) suffix++;
        return prefix + suffix;
    }
}
