using System.Reflection;
using R1Omni.Charts;
using R1Omni.Media;

namespace R1Omni.Tests.Charts;

/// <summary>
/// The members the .NET Interactive kernel looks for by name on notebook values (the kernel itself is exercised by the
/// notebook runs in <c>NotebookExecutionTests</c>).
/// </summary>
public class NotebookDisplayTests
{
    static (string[] Preferred, IEnumerable<object> Formatters) Convention(Type type)
    {
        var attribute = type.GetCustomAttributes().Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var sourceType = (Type)attribute.GetType().GetProperty("FormatterSourceType")!.GetValue(attribute)!;
        var preferred = (string[])attribute.GetType().GetProperty("PreferredMimeTypes")!.GetValue(attribute)!;
        var source = Activator.CreateInstance(sourceType, nonPublic: true)!;
        var formatters = (IEnumerable<object>)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)!;
        return (preferred, formatters);
    }

    static string? Format(IEnumerable<object> formatters, string mimeType, object value)
    {
        var formatter = formatters.Single(f => (string)f.GetType().GetProperty("MimeType")!.GetValue(f)! == mimeType);
        var writer = new StringWriter();
        bool done = (bool)formatter.GetType().GetMethod("Format", [typeof(object), typeof(TextWriter)])!.Invoke(formatter, [value, writer])!;
        return done ? writer.ToString() : null;
    }

    [Fact]
    public void FiguresPublishPlotlyJsonAndHtml()
    {
        var figure = BarChart.Grouped("t", ["a"], [new BarSeries("s", [1])], "v");
        var (preferred, formatters) = Convention(typeof(PlotlyFigure));

        Assert.Equal(["application/vnd.plotly.v1+json", "text/html"], preferred);
        Assert.Equal(figure.ToJson(), Format(formatters, "application/vnd.plotly.v1+json", figure));
        Assert.Contains("window.Plotly.newPlot", Format(formatters, "text/html", figure));
        Assert.Null(Format(formatters, "image/png", figure));
        Assert.Null(Format(formatters, "text/html", "not a notebook value"));
    }

    [Fact]
    public void ImagesPublishBase64Png()
    {
        var image = PngImage.From(RgbImage.Filled(2, 3, 10, 20, 30));
        var (preferred, formatters) = Convention(typeof(PngImage));

        Assert.Equal(["image/png"], preferred);
        Assert.Equal(image.Bytes, Convert.FromBase64String(Format(formatters, "image/png", image)!));
        Assert.Equal((3, 2), (image.Width, image.Height));
        Assert.Contains($"src=\"data:image/png;base64,{image.Base64}\"", image.ImgTag());
    }

    [Fact]
    public void HtmlFragmentsEncodeText()
    {
        var (preferred, formatters) = Convention(typeof(HtmlFragment));
        Assert.Equal(["text/html"], preferred);
        Assert.Equal("<pre style=\"white-space: pre-wrap; margin: 0\">&lt;answer&gt; a &amp; b</pre>", Format(formatters, "text/html", HtmlFragment.Pre("<answer> a & b")));
        string table = HtmlFragment.Table(["k", "v"], [["<x>", "1"]]).Html;
        Assert.Contains("&lt;x&gt;</td>", table);
        Assert.Equal(2, table.Split("<th ").Length - 1);
        Assert.Throws<R1OmniException>(() => HtmlFragment.Table(["k", "v"], [["only one"]]));
    }
}
