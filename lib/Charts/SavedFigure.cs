namespace R1Omni.Charts;

/// <summary>Where <see cref="FigureExport.Save"/> wrote a figure; <see cref="Png"/> is null when the PNG was skipped.</summary>
public sealed record SavedFigure(string Html, string? Png);
