namespace R1Omni.Data;

/// <summary>The outcome of <see cref="ManifestValidator.Validate"/>: every issue, counts per kind and printable examples.</summary>
public sealed class ValidationReport(string manifestName, int total, IReadOnlyList<ValidationIssue> issues, int maxExamples)
{
    public string ManifestName { get; } = manifestName;
    public int Total { get; } = total;
    public IReadOnlyList<ValidationIssue> Issues { get; } = issues;
    /// <summary>Indices of the items that have at least one issue.</summary>
    public IReadOnlySet<int> BadIndices { get; } = issues.Select(i => i.Index).ToHashSet();
    public int Valid => Total - BadIndices.Count;
    public bool IsValid => Issues.Count == 0;

    public int Count(ValidationIssueKind kind) => Issues.Count(i => i.Kind == kind);

    public static string Describe(ValidationIssueKind kind) => kind switch
    {
        ValidationIssueKind.MissingFile => "missing file",
        ValidationIssueKind.CorruptFile => "unreadable or corrupt file",
        ValidationIssueKind.MissingLabel => "no label",
        ValidationIssueKind.UnknownLabel => "label not in the label set",
        ValidationIssueKind.DuplicateId => "duplicate id",
        _ => kind.ToString(),
    };

    public void Write(TextWriter w)
    {
        w.WriteLine($"manifest {ManifestName}: {Total} items, {Valid} valid, {BadIndices.Count} with problems");
        foreach (var kind in Enum.GetValues<ValidationIssueKind>())
        {
            var of = Issues.Where(i => i.Kind == kind).ToList();
            w.WriteLine($"  {Describe(kind),-28} {of.Count}");
            foreach (var issue in of.Take(maxExamples)) w.WriteLine($"      e.g. {issue}");
            if (of.Count > maxExamples) w.WriteLine($"      ... and {of.Count - maxExamples} more");
        }
        w.WriteLine(IsValid ? "OK" : "PROBLEMS FOUND");
    }

    public override string ToString()
    {
        var w = new StringWriter();
        Write(w);
        return w.ToString();
    }
}
