using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using R1Omni.Charts;

namespace R1Omni.Tests.Charts;

/// <summary>PNG and SVG export through headless Chromium, which environment/setup installs; the logged skip without it.</summary>
public class ChromiumExportTests
{
    static readonly PlotlyFigure Figure = BarChart.Grouped("WAR and UAR", ["sft", "grpo"],
        [new BarSeries("WAR", [55, 65]), new BarSeries("UAR", [40, 52])], "%", yMax: 100, height: 400);

    [Fact]
    public void ExportsWhenChromiumIsInstalledAndLogsTheSkipOtherwise()
    {
        string dir = TestPaths.NewTempDir();
        var log = new StringWriter();
        var saved = FigureExport.Save(Figure, dir, "war_uar", log, width: 640);

        Assert.True(File.Exists(saved.Html));
        Assert.Equal(Path.Combine(dir, "war_uar.html"), saved.Html);
        Assert.Null(FigureExport.Save(Figure, dir, "html_only", log, images: false).Png);
        Assert.Contains("plain file name", Assert.Throws<R1OmniException>(() => FigureExport.Save(Figure, dir, "a/b", log)).Message);
        Assert.True(ChromiumExport.Find() is not null, "Chromium is missing: environment/setup installs it");
        Assert.Equal(Path.Combine(dir, "war_uar.png"), saved.Png);
        byte[] png = File.ReadAllBytes(saved.Png!);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));   // IHDR: width, then height
        Assert.Equal(400, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        // A blank 640×400 page compresses to a few KB; drawn bars, axes and text do not.
        Assert.True(png.Length > 8_000, $"PNG of {png.Length} bytes looks blank");
        Assert.Equal(Path.Combine(dir, "war_uar.svg"), saved.Svg);
        string svg = File.ReadAllText(saved.Svg!);
        Assert.StartsWith("<svg", svg);
        Assert.Contains("width=\"640\" height=\"400\"", svg);
        Assert.Contains(">WAR and UAR<", svg);                                      // the title is text, not pixels
        Assert.Contains(">grpo<", svg);
        Assert.Equal("", log.ToString());
    }

    /// <summary>The drawn title ends above the legend's top edge, for a figure of stacked panels and five runs, as the training curves are.</summary>
    [Fact]
    public void TheTitleIsDrawnClearOfTheLegend()
    {
        var runs = Enumerable.Range(0, 5).Select(i => new LineSeries($"run number {i}", [1, 2, 3], [i, i + 1, i + 2])).ToList();
        var figure = LineChart.Create("GRPO training curves", "step", [new LinePanel("reward", runs), new LinePanel("kl", runs)]);
        string dir = TestPaths.NewTempDir();
        var saved = FigureExport.Save(figure, dir, "curves", TextWriter.Null, width: 700);
        string svg = File.ReadAllText(saved.Svg!);

        var title = Regex.Match(svg, "<text class=\"gtitle\"[^>]* y=\"([0-9.]+)\"[^>]*>GRPO training curves</text>");
        var legend = Regex.Match(svg, @"<g class=""legend""[^>]*transform=""translate\(([0-9.]+),\s*([0-9.]+)\)""");
        Assert.True(title.Success && legend.Success, "title or legend not found in the SVG");
        double titleBaseline = double.Parse(title.Groups[1].Value, CultureInfo.InvariantCulture);
        double legendTop = double.Parse(legend.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.True(legendTop > titleBaseline + 4, $"legend top {legendTop} px is not below the title's baseline {titleBaseline} px");
    }

    [Fact]
    public void MissingChromiumIsSkippedNotFailed()
    {
        var log = new StringWriter();
        string path = Path.Combine(TestPaths.NewTempDir(), "x.png");
        string? saved = Environment.GetEnvironmentVariable(ChromiumExport.EnvironmentVariable);
        Environment.SetEnvironmentVariable(ChromiumExport.EnvironmentVariable, "/nonexistent/chromium");
        try
        {
            Assert.Null(ChromiumExport.Find());
            Assert.False(ChromiumExport.TryExport(Figure, path, Path.ChangeExtension(path, ".svg"), log));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ChromiumExport.EnvironmentVariable, saved);
        }
        Assert.False(File.Exists(path));
        Assert.Contains("PNG and SVG skipped for 'WAR and UAR'", log.ToString());
        Assert.Contains("environment/setup installs it", log.ToString());
    }
}
