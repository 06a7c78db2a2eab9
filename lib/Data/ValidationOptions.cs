using R1Omni.Media;

namespace R1Omni.Data;

/// <summary>What <see cref="ManifestValidator"/> checks besides file presence and duplicate ids.</summary>
public sealed record ValidationOptions
{
    /// <summary>Labels must be in this set (for every item whose source has no entry in <see cref="LabelsBySource"/>).</summary>
    public LabelMap? Labels { get; init; }
    /// <summary>Per-source label sets, e.g. dfew and mafw items of one manifest checked against their own sets.</summary>
    public IReadOnlyDictionary<string, LabelMap>? LabelsBySource { get; init; }
    /// <summary>Unlabelled items are problems (evaluation and training need labels).</summary>
    public bool RequireLabels { get; init; }
    /// <summary>Checks a file that exists: null when it is usable, else the reason. Exceptions count as corrupt files.</summary>
    public Func<string, string?> Probe { get; init; } = MediaProbe.NonEmptyFile;
    /// <summary>How many examples of each kind of problem the report prints.</summary>
    public int MaxExamples { get; init; } = 5;

    public LabelMap? LabelsFor(string source) =>
        LabelsBySource is not null && LabelsBySource.TryGetValue(source, out var map) ? map : Labels;
}
