namespace R1Omni.Charts;

/// <summary>A facet of a bar chart: its title, shown under its x axis (e.g. the metric), and the series drawn over the shared categories.</summary>
public sealed record BarPanel(string Title, IReadOnlyList<BarSeries> Series);
