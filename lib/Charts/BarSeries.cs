namespace R1Omni.Charts;

/// <summary>One named group member: a value per category (e.g. a model's WAR and UAR). NaN leaves its bar out.</summary>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values);
