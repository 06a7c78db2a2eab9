namespace R1Omni.Charts;

/// <summary>
/// A notebook's figures folder: <see cref="Keep"/> writes a figure there as offline HTML (see <see cref="FigureExport"/>)
/// and hands it back for display, so every chart a notebook shows is also in its run folder.
/// </summary>
/// <param name="images">Also write PNG and SVG where Chromium is installed (a few seconds a figure).</param>
public sealed class FigureFolder(string dir, TextWriter? log = null, bool images = false)
{
    public string Dir { get; } = Path.GetFullPath(dir);

    /// <summary>Writes <c>Dir/name.html</c> and returns the figure.</summary>
    public PlotlyFigure Keep(PlotlyFigure figure, string name)
    {
        FigureExport.Save(figure, Dir, name, log ?? TextWriter.Null, images);
        return figure;
    }

    /// <summary>The figure, kept, or a note saying why there is none (e.g. no metrics for a released checkpoint).</summary>
    public object Keep(PlotlyFigure? figure, string name, string missing) => figure is null ? HtmlFragment.Pre(missing) : Keep(figure, name);
}
