namespace R1Omni.Charts;

/// <summary>A plot area of a line chart with its own y axis (reward, KL and completion length each get one).</summary>
public sealed record LinePanel(string YTitle, IReadOnlyList<LineSeries> Series);
