using R1Omni.Data;

namespace R1Omni.Evaluation;

/// <summary>
/// Labels checked before anything is scored, because a mistyped label silently changes UAR: it either drops its items
/// or becomes a class of its own. A source with a label set (given, or built in for dfew, mafw and ravdess) must use
/// its labels only; a source without one is scored over the labels its items carry, which may not include two
/// spellings of one class ("joyful" beside "happy", "Angry" beside "angry").
/// </summary>
public static class LabelCheck
{
    public static void Check(IEnumerable<(string Id, string Source, string? Label)> items, Func<string, LabelMap?> labelSetOf, string where)
    {
        var problems = new List<string>();
        foreach (var source in items.Where(i => i.Label is not null).GroupBy(i => i.Source).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var byLabel = source.GroupBy(i => i.Label!).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            if (labelSetOf(source.Key) is { } set)
            {
                foreach (var (label, its) in byLabel.Where(kv => !set.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    problems.Add($"source '{source.Key}': label '{label}' ({Items(its)}) is not in the {set.Name} set{LabelSuggestion.Sentence(label, set.Labels)}");
                continue;
            }
            foreach (var (label, its) in byLabel.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var others = byLabel.Keys.Where(l => l != label).ToList();
                // The rarer spelling is the suspect; the other is what the source mostly says.
                if (LabelSuggestion.Near(label, others) is { } near && its.Count <= byLabel[near].Count)
                    problems.Add($"source '{source.Key}': label '{label}' ({Items(its)}) looks like a second spelling of '{near}' ({byLabel[near].Count} items)");
            }
        }
        if (problems.Count > 0)
            throw new R1OmniException($"{where}: {string.Join("; ", problems)}. Fix the labels, or pass --labels with the label set the source uses");
    }

    static string Items(List<(string Id, string Source, string? Label)> its) =>
        its.Count == 1 ? $"item {its[0].Id}" : $"{its.Count} items, e.g. {its[0].Id}";
}
