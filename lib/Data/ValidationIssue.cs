namespace R1Omni.Data;

/// <summary>One problem found with one item (its index in the manifest, id and video) and what was wrong.</summary>
public sealed record ValidationIssue(ValidationIssueKind Kind, int Index, string Id, string Video, string Message)
{
    public override string ToString() => $"{Id} ({Video}): {Message}";
}
