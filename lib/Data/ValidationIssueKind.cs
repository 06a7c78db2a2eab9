namespace R1Omni.Data;

/// <summary>What can be wrong with a manifest item, in report order.</summary>
public enum ValidationIssueKind
{
    MissingFile,
    CorruptFile,
    MissingLabel,
    UnknownLabel,
    DuplicateId,
}
