using System.Globalization;
using R1Omni.Charts;

namespace R1Omni.Tests.Charts;

public class BarChartTests
{
    [Fact]
    public void GroupedBarsCarryValuesAndInvariantLabels()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");  // labels must not follow the user's decimal comma
        try
        {
            var f = BarChart.Grouped("WAR/UAR", ["sft", "grpo"], [new BarSeries("WAR", [55.26, 65.5]), new BarSeries("UAR", [40, double.NaN])], "%", yMax: 100);

            Assert.Equal("group", (string?)f.Layout["barmode"]);
            Assert.Equal(2, f.Data.Count);
            var war = f.Data[0]!;
            Assert.Equal("bar", (string?)war["type"]);
            Assert.Equal("""["sft","grpo"]""", war["x"]!.ToJsonString());
            Assert.Equal("[55.26,65.5]", war["y"]!.ToJsonString());
            Assert.Equal("""["55.3","65.5"]""", war["text"]!.ToJsonString());
            Assert.Equal("[40,null]", f.Data[1]!["y"]!.ToJsonString());
            Assert.Equal("""["40.0",""]""", f.Data[1]!["text"]!.ToJsonString());
            Assert.Equal("[0,108]", f.Layout["yaxis"]!["range"]!.ToJsonString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void FacetsShareTheYScaleAndTheLegend()
    {
        var f = BarChart.Faceted("shift", ["in-distribution", "out-of-distribution"],
            [new BarPanel("WAR", [new BarSeries("sft", [60, 40]), new BarSeries("grpo", [70, 55])]),
             new BarPanel("UAR", [new BarSeries("sft", [50, 30]), new BarSeries("grpo", [65, 50])])], "%");

        Assert.Equal(["x", "x", "x2", "x2"], f.Data.Select(t => (string)t!["xaxis"]!));
        Assert.Equal(["y", "y", "y2", "y2"], f.Data.Select(t => (string)t!["yaxis"]!));
        Assert.Equal([true, true, false, false], f.Data.Select(t => (bool)t!["showlegend"]!));
        Assert.Equal("y", (string?)f.Layout["yaxis2"]!["matches"]);
        Assert.Equal("WAR", (string?)f.Layout["xaxis"]!["title"]!["text"]);
        Assert.Equal("UAR", (string?)f.Layout["xaxis2"]!["title"]!["text"]);
        Assert.Equal((string?)f.Data[0]!["marker"]!["color"], (string?)f.Data[2]!["marker"]!["color"]);
        Assert.Null(f.Layout["yaxis"]!["range"]);
    }

    [Fact]
    public void WrongNumberOfValuesIsAnErrorNamingTheSeries()
    {
        var e = Assert.Throws<R1OmniException>(() => BarChart.Grouped("t", ["a", "b", "c"], [new BarSeries("grpo", [1, 2])], "%"));
        Assert.Contains("'grpo' has 2 values", e.Message);
        Assert.Contains("a, b, c", e.Message);
    }
}
