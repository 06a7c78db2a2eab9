namespace R1Omni.Checkpoints;

/// <summary>
/// What <see cref="StateDict.Load"/> did, in module-key terms: keys filled from the checkpoint, optional module keys
/// the checkpoint lacked, and checkpoint keys (original names) that matched no module key (only when not strict).
/// </summary>
public sealed record LoadReport(IReadOnlyList<string> Loaded, IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected);
