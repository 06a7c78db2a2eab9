using R1Omni.Charts;

namespace R1Omni.Tests.Charts;

public class FigureFolderTests
{
    [Fact]
    public void KeepWritesTheHtmlAndReturnsTheFigure()
    {
        string dir = Path.Combine(TestPaths.NewTempDir(), "figures", "03");
        var folder = new FigureFolder(dir);
        var figure = BarChart.Grouped("b", ["x"], [new BarSeries("s", [1])], "y");

        Assert.Same(figure, folder.Keep(figure, "bars"));
        Assert.Contains("\"type\":\"bar\"", File.ReadAllText(Path.Combine(dir, "bars.html")));
        Assert.False(File.Exists(Path.Combine(dir, "bars.png")));                       // PNGs only when asked for
        Assert.Same(figure, folder.Keep(figure, "again", "unused"));
        var note = Assert.IsType<HtmlFragment>(folder.Keep(null, "none", "no metrics here"));
        Assert.Contains("no metrics here", note.Html);
        Assert.False(File.Exists(Path.Combine(dir, "none.html")));
    }
}
