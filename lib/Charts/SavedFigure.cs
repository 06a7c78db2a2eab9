namespace R1Omni.Charts;

/// <summary>Where <see cref="FigureExport.Save"/> wrote a figure; <see cref="Png"/> and <see cref="Svg"/> are null when the images were skipped.</summary>
public sealed record SavedFigure(string Html, string? Png, string? Svg);
