namespace R1Omni.Training.Grpo;

/// <summary>Rows [Start, Start + Rows) of one group's completions.</summary>
public sealed record GrpoLossSegment(GrpoRollout Group, int Start, int Rows);

/// <summary>One log-prob pass of an update: whole groups, or a run of one group's rows.</summary>
public sealed record GrpoLossPass(IReadOnlyList<GrpoLossSegment> Segments)
{
    public int Rows => Segments.Sum(s => s.Rows);

    /// <summary>Each completion of the pass, in order: its group and its row in the group.</summary>
    public IEnumerable<(GrpoRollout Group, int Row)> Completions =>
        Segments.SelectMany(s => Enumerable.Range(s.Start, s.Rows).Select(r => (s.Group, r)));
}
