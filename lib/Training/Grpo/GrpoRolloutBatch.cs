namespace R1Omni.Training.Grpo;

/// <summary>The rollout groups of one optimiser step (the prompts of a gradient-accumulation window) and how long each phase took.</summary>
public sealed class GrpoRolloutBatch(IReadOnlyList<GrpoRollout> groups) : IDisposable
{
    public IReadOnlyList<GrpoRollout> Groups { get; } = groups;
    /// <summary>Decoding the clips (and running the towers on those not kept from earlier steps).</summary>
    public double DataSeconds { get; init; }
    /// <summary>Gate, projectors, prompt embedding and sampling, for every prompt.</summary>
    public double GenerationSeconds { get; init; }
    public double ReferenceSeconds { get; set; }
    /// <summary>The rollout policy's log-probs (only when μ &gt; 1).</summary>
    public double OldLogProbSeconds { get; set; }
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
