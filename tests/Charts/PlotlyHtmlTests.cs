using System.Text.RegularExpressions;
using R1Omni.Charts;

namespace R1Omni.Tests.Charts;

public class PlotlyHtmlTests
{
    static readonly PlotlyFigure Figure = BarChart.Grouped("a </script> title", ["x"], [new BarSeries("s", [1])], "v");

    [Fact]
    public void PageIsSelfContained()
    {
        string dir = TestPaths.NewTempDir();
        string path = Path.Combine(dir, "page.html");
        PlotlyHtml.WritePage(path, "two figures", [Figure, LineChart.Create("line", "x", "y", [new LineSeries("s", [0, 1], [1, 2])])]);
        string html = File.ReadAllText(path);

        Assert.Contains(PlotlyJs.Bundle, html);                                // plotly.js inline, whole
        Assert.Matches(@"^\d+\.\d+\.\d+$", PlotlyJs.Version);
        Assert.True(PlotlyJs.Bundle.Length > 1_000_000);
        Assert.DoesNotMatch(new Regex("<script[^>]*\\bsrc\\s*=", RegexOptions.IgnoreCase), html);   // nothing to fetch
        Assert.DoesNotMatch(new Regex("<link[^>]*\\bhref\\s*=\\s*\"https?:", RegexOptions.IgnoreCase), html);
        Assert.Contains("id=\"figure-0\"", html);
        Assert.Contains("id=\"figure-1\"", html);
        Assert.Contains("<title>two figures</title>", html);
        // The figure JSON is embedded with HTML-sensitive characters escaped, so its text cannot close the script.
        Assert.Contains(Figure.ToJson(), html);
        Assert.DoesNotContain("a </script> title", html);
        Assert.Equal(3, Regex.Matches(html, "</script>").Count);  // the bundle's and one per figure
    }

    [Fact]
    public void FragmentDrawsWithThePagesPlotly()
    {
        string html = PlotlyHtml.Fragment(Figure);
        Assert.Contains("window.Plotly.newPlot(", html);
        Assert.Contains(Figure.ToJson(), html);
        Assert.Contains($"height: {Figure.Height}px", html);
        Assert.NotEqual(html, PlotlyHtml.Fragment(Figure));  // a fresh element id per display
        Assert.DoesNotContain("src=", html);
    }

    [Fact]
    public void NotebookLoaderCarriesTheBundle()
    {
        string html = PlotlyJs.NotebookLoader().Html;
        Assert.StartsWith("<script type=\"text/javascript\">", html);
        Assert.Contains(PlotlyJs.Bundle, html);
    }
}
