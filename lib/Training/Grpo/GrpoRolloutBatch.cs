namespace R1Omni.Training.Grpo;

/// <summary>The rollout groups of one optimiser step (the prompts of a gradient-accumulation window) and how long each phase took.</summary>
public sealed class GrpoRolloutBatch(IReadOnlyList<GrpoRollout> groups, double generationSeconds, double referenceSeconds, double oldLogProbSeconds) : IDisposable
{
    public IReadOnlyList<GrpoRollout> Groups { get; } = groups;
    /// <summary>Towers, gate, prompt embedding and sampling, for every prompt.</summary>
    public double GenerationSeconds { get; } = generationSeconds;
    public double ReferenceSeconds { get; } = referenceSeconds;
    /// <summary>The rollout policy's log-probs (only when μ &gt; 1).</summary>
    public double OldLogProbSeconds { get; } = oldLogProbSeconds;
    public IEnumerable<GrpoRollout> Kept => Groups.Where(g => !g.Dropped);

    /// <summary>The counts that fix each group's share of the step loss.</summary>
    public AggregationTotals Totals(int maxCompletionLength)
    {
        var kept = Kept.ToList();
        return new AggregationTotals(kept.Sum(g => g.Rows), kept.Sum(g => (double)g.Completions.MaskedLengths().Sum()), kept.Count, maxCompletionLength);
    }

    public void Dispose()
    {
        foreach (var g in Groups) g.Dispose();
    }
}
