using System.Buffers.Binary;
using R1Omni.Charts;

namespace R1Omni.Tests.Charts;

/// <summary>PNG export through headless Chromium, where Debian's chromium is installed; the logged skip otherwise.</summary>
public class ChromiumPngTests
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
        Assert.Null(FigureExport.Save(Figure, dir, "html_only", log, png: false).Png);
        Assert.Contains("plain file name", Assert.Throws<R1OmniException>(() => FigureExport.Save(Figure, dir, "a/b", log)).Message);
        if (ChromiumPng.Find() is null)
        {
            Assert.Null(saved.Png);
            Assert.Contains("[charts] PNG skipped for 'WAR and UAR': Chromium not found", log.ToString());
            return;
        }
        Assert.Equal(Path.Combine(dir, "war_uar.png"), saved.Png);
        byte[] png = File.ReadAllBytes(saved.Png!);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));   // IHDR: width, then height
        Assert.Equal(400, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        // A blank 640×400 page compresses to a few KB; drawn bars, axes and text do not.
        Assert.True(png.Length > 8_000, $"PNG of {png.Length} bytes looks blank");
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public void MissingChromiumIsSkippedNotFailed()
    {
        var log = new StringWriter();
        string path = Path.Combine(TestPaths.NewTempDir(), "x.png");
        string? saved = Environment.GetEnvironmentVariable(ChromiumPng.EnvironmentVariable);
        Environment.SetEnvironmentVariable(ChromiumPng.EnvironmentVariable, "/nonexistent/chromium");
        try
        {
            Assert.Null(ChromiumPng.Find());
            Assert.False(ChromiumPng.TryExport(Figure, path, log));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ChromiumPng.EnvironmentVariable, saved);
        }
        Assert.False(File.Exists(path));
        Assert.Contains("PNG skipped for 'WAR and UAR'", log.ToString());
        Assert.Contains("apt-get install chromium", log.ToString());
    }
}
