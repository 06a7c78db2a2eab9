using System.Text.Json.Nodes;
using R1Omni.Charts;

namespace R1Omni.Tests.Charts;

public class LineChartTests
{
    static JsonObject Trace(PlotlyFigure f, int i) => f.Data[i]!.AsObject();

    [Fact]
    public void SinglePanelCarriesTheSeriesValues()
    {
        var f = LineChart.Create("reward", "step", "mean reward",
            [new LineSeries("grpo", [1, 2, 3], [0.25, 0.5, double.NaN]), new LineSeries("sft", [1, 2], [0.1, 0.2])]);

        Assert.Equal("reward", f.Title);
        Assert.Equal(2, f.Data.Count);
        var grpo = Trace(f, 0);
        Assert.Equal("scatter", (string?)grpo["type"]);
        Assert.Equal("grpo", (string?)grpo["name"]);
        Assert.Equal("[1,2,3]", grpo["x"]!.ToJsonString());
        Assert.Equal("[0.25,0.5,null]", grpo["y"]!.ToJsonString());   // NaN is not JSON: a gap
        Assert.Equal("lines+markers", (string?)grpo["mode"]);         // few points keep markers
        Assert.Equal("mean reward", (string?)f.Layout["yaxis"]!["title"]!["text"]);
        Assert.Equal("step", (string?)f.Layout["xaxis"]!["title"]!["text"]);
        Assert.NotEqual((string?)grpo["line"]!["color"], (string?)Trace(f, 1)["line"]!["color"]);
    }

    [Fact]
    public void PanelsStackWithOwnYAxesAndOneLegendEntryPerRun()
    {
        double[] steps = [0, 1, 2];
        LineSeries Run(string name, double v) => new(name, steps, [v, v, v]);
        var f = LineChart.Create("training", "step",
            [new LinePanel("reward", [Run("a", 1), Run("b", 2)]), new LinePanel("KL", [Run("a", 0.1), Run("b", 0.2)]),
             new LinePanel("completion length", [Run("a", 50)])]);

        Assert.Equal(5, f.Data.Count);
        Assert.Equal(["y", "y", "y2", "y2", "y3"], f.Data.Select(t => (string)t!["yaxis"]!));
        Assert.All(f.Data, t => Assert.Equal("x", (string?)t!["xaxis"]));
        Assert.Equal([true, true, false, false, false], f.Data.Select(t => (bool)t!["showlegend"]!));
        // A run keeps its colour in every panel.
        Assert.Equal((string?)Trace(f, 0)["line"]!["color"], (string?)Trace(f, 2)["line"]!["color"]);
        Assert.Equal((string?)Trace(f, 0)["line"]!["color"], (string?)Trace(f, 4)["line"]!["color"]);
        // The first panel is on top; the x axis sits under the last one.
        double[] Domain(string axis) => f.Layout[axis]!["domain"]!.AsArray().Select(v => (double)v!).ToArray();
        Assert.True(Domain("yaxis")[0] > Domain("yaxis2")[1]);
        Assert.True(Domain("yaxis2")[0] > Domain("yaxis3")[1]);
        Assert.Equal(0.0, Domain("yaxis3")[0]);
        Assert.Equal(1.0, Domain("yaxis")[1]);
        Assert.Equal("y3", (string?)f.Layout["xaxis"]!["anchor"]);
        Assert.Equal("KL", (string?)f.Layout["yaxis2"]!["title"]!["text"]);
    }

    [Fact]
    public void ManyPointsAreDrawnAsPlainLines()
    {
        var x = Enumerable.Range(0, 200).Select(i => (double)i).ToList();
        var f = LineChart.Create("t", "step", "v", [new LineSeries("run", x, x)]);
        Assert.Equal("lines", (string?)Trace(f, 0)["mode"]);
    }

    [Fact]
    public void MismatchedSeriesIsAnErrorNamingIt()
    {
        var e = Assert.Throws<R1OmniException>(() => LineChart.Create("kl", "step", "KL", [new LineSeries("grpo-b", [1, 2, 3], [1, 2])]));
        Assert.Contains("grpo-b", e.Message);
        Assert.Contains("3 x values and 2 y values", e.Message);
        Assert.Throws<R1OmniException>(() => LineChart.Create("empty", "step", []));
    }
}
