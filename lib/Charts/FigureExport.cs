namespace R1Omni.Charts;

/// <summary>Writes a figure as files: a self-contained HTML page and, when Chromium is installed, a PNG.</summary>
public static class FigureExport
{
    /// <summary>Writes <c>dir/name.html</c> and, when <paramref name="png"/> and Chromium is there, <c>dir/name.png</c>.</summary>
    public static SavedFigure Save(PlotlyFigure figure, string dir, string name, TextWriter log, bool png = true, int width = 900)
    {
        if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw new R1OmniException($"figure file name '{name}' must be a plain file name without an extension");
        string html = Path.Combine(Path.GetFullPath(dir), name + ".html");
        PlotlyHtml.WritePage(html, figure.Title, [figure]);
        string pngPath = Path.Combine(Path.GetFullPath(dir), name + ".png");
        return new SavedFigure(html, png && ChromiumPng.TryExport(figure, pngPath, log, width) ? pngPath : null);
    }
}
