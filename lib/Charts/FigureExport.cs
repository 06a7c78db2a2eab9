namespace R1Omni.Charts;

/// <summary>Writes a figure as files: a self-contained HTML page and, when Chromium is installed, a PNG and an SVG.</summary>
public static class FigureExport
{
    /// <summary>
    /// Writes <c>dir/name.html</c> and, when <paramref name="images"/> and Chromium is there, <c>dir/name.png</c> and
    /// <c>dir/name.svg</c> (for papers: the SVG stays vector, the PNG is width × the figure's height pixels).
    /// </summary>
    public static SavedFigure Save(PlotlyFigure figure, string dir, string name, TextWriter log, bool images = true, int width = 900)
    {
        if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw new R1OmniException($"figure file name '{name}' must be a plain file name without an extension");
        string folder = Path.GetFullPath(dir), html = Path.Combine(folder, name + ".html");
        PlotlyHtml.WritePage(html, figure.Title, [figure]);
        string png = Path.Combine(folder, name + ".png"), svg = Path.Combine(folder, name + ".svg");
        return images && ChromiumExport.TryExport(figure, png, svg, log, width) ? new SavedFigure(html, png, svg) : new SavedFigure(html, null, null);
    }
}
