namespace R1Omni.Data;

/// <summary>
/// Finds bad items before a long run starts, so a run never dies half-way on one: missing and unreadable files,
/// unlabelled items (when labels are required), labels outside the label set and repeated ids.
/// </summary>
public static class ManifestValidator
{
    public static ValidationReport Validate(Manifest manifest, ValidationOptions? options = null)
    {
        options ??= new ValidationOptions();
        var issues = new List<ValidationIssue>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < manifest.Count; i++)
        {
            var item = manifest.Items[i];
            void Add(ValidationIssueKind kind, string message) => issues.Add(new ValidationIssue(kind, i, item.Id, item.Video, message));

            if (seen.TryGetValue(item.Id, out int first)) Add(ValidationIssueKind.DuplicateId, $"id already used by item {first + 1}");
            else seen[item.Id] = i;

            if (!File.Exists(item.Video)) Add(ValidationIssueKind.MissingFile, "file not found");
            else if (RunProbe(options.Probe, item.Video) is { } problem) Add(ValidationIssueKind.CorruptFile, problem);

            if (item.Label is null)
            {
                if (options.RequireLabels) Add(ValidationIssueKind.MissingLabel, "no label");
            }
            else if (options.LabelsFor(item.Source) is { } labels && !labels.Contains(item.Label))
                Add(ValidationIssueKind.UnknownLabel, $"label '{item.Label}' is not in the {labels.Name} set ({string.Join(", ", labels.Labels)}){LabelSuggestion.Sentence(item.Label, labels.Labels)}");
        }
        return new ValidationReport(manifest.Name, manifest.Count, issues, options.MaxExamples);
    }

    /// <summary>The manifest without its bad items (the first of repeated ids is kept), and the report saying why.</summary>
    public static (Manifest Valid, ValidationReport Report) FilterValid(Manifest manifest, ValidationOptions? options = null)
    {
        var report = Validate(manifest, options);
        var kept = manifest.Items.Where((_, i) => !report.BadIndices.Contains(i)).ToList();
        return (manifest.WithItems(kept), report);
    }

    static string? RunProbe(Func<string, string?> probe, string path)
    {
        try { return probe(path); }
        catch (Exception e) { return $"probe failed: {e.GetType().Name}: {e.Message}"; }
    }
}
