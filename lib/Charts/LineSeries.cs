namespace R1Omni.Charts;

/// <summary>One named curve: y against x (e.g. a run's reward against the training step).</summary>
public sealed record LineSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    internal void Validate(string chart)
    {
        if (X.Count != Y.Count)
            throw new R1OmniException($"{chart}: series '{Name}' has {X.Count} x values and {Y.Count} y values; expected as many of each");
    }
}
