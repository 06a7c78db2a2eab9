using R1Omni.Charts;
using R1Omni.Data;
using R1Omni.Evaluation;

namespace R1Omni.Tests.Charts;

public class EmotionChartsTests
{
    static readonly IReadOnlyList<string> Dfew = LabelMap.BuiltIn("dfew").Labels;
    static readonly EmotionMetricsResult Sft = EmotionMetrics.Compute(["happy", "happy", "sad", "fear"], ["happy", "sad", "sad", "angry!"], Dfew);
    static readonly EmotionMetricsResult Grpo = EmotionMetrics.Compute(["happy", "happy", "sad", "fear"], ["happy", "happy", "sad", "fear"], Dfew);

    [Fact]
    public void WarUarPerModel()
    {
        var f = EmotionCharts.WarUar("results", [("sft", Sft), ("grpo", Grpo)]);
        Assert.Equal(["WAR", "UAR"], f.Data.Select(t => (string)t!["name"]!));
        Assert.Equal("[50,100]", f.Data[0]!["y"]!.ToJsonString());                  // 2 of 4, 4 of 4
        Assert.Equal($"[{(50 + 100 + 0) / 3.0},100]", f.Data[1]!["y"]!.ToJsonString());
    }

    [Fact]
    public void ConfusionIncludesTheOutOfLabelColumn()
    {
        var f = EmotionCharts.Confusion("sft", Sft);
        var trace = f.Data.Single()!;
        Assert.Equal([.. Dfew, "other"], trace["x"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(1.0, (double)trace["z"]![6]![7]!);   // fear → "angry!" (not a label)
    }

    [Fact]
    public void PerClassRecallLeavesAbsentClassesOut()
    {
        var f = EmotionCharts.PerClassRecall("recall", [("sft", Sft), ("grpo", Grpo)]);
        Assert.Equal("happy (n=2)", (string?)f.Data[0]!["x"]![0]);
        Assert.Equal("[50,100,null,null,null,null,0]", f.Data[0]!["y"]!.ToJsonString());
        Assert.Equal("[0,108]", f.Layout["yaxis"]!["range"]!.ToJsonString());
        var other = EmotionMetrics.Compute(["a"], ["a"], ["a", "b"]);
        Assert.Contains("'x' was scored on labels (a, b)", Assert.Throws<R1OmniException>(() => EmotionCharts.PerClassRecall("r", [("sft", Sft), ("x", other)])).Message);
    }

    [Fact]
    public void DistributionShiftHasWarAndUarPanels()
    {
        var f = EmotionCharts.DistributionShift("shift", [("grpo", Grpo, Sft)]);
        Assert.Equal("WAR", (string?)f.Layout["xaxis"]!["title"]!["text"]);
        Assert.Equal("UAR", (string?)f.Layout["xaxis2"]!["title"]!["text"]);
        Assert.Equal("""["in-distribution","out-of-distribution"]""", f.Data[0]!["x"]!.ToJsonString());
        Assert.Equal("[100,50]", f.Data[0]!["y"]!.ToJsonString());
    }

    [Fact]
    public void OodGapIsInMinusOutOfDistribution()
    {
        var f = EmotionCharts.OodGap("gap", [("grpo", Grpo, Sft), ("sft", Sft, Grpo)]);
        Assert.Equal(["WAR gap", "UAR gap"], f.Data.Select(t => (string)t!["name"]!));
        Assert.Equal("""["grpo","sft"]""", f.Data[0]!["x"]!.ToJsonString());
        Assert.Equal("[50,-50]", f.Data[0]!["y"]!.ToJsonString());
        Assert.Equal("[50,-50]", f.Data[1]!["y"]!.ToJsonString());               // sft's UAR: (50 + 100 + 0) / 3
    }

    [Fact]
    public void IdOodTableHasTableOnesColumnsPerModel()
    {
        var f = EmotionCharts.IdOodTable("table", [("grpo", Grpo, Sft)]);
        var columns = f.Data.Single()!["cells"]!["values"]!.AsArray().Select(c => (string)c![0]!).ToList();
        Assert.Equal(["grpo", "4", "100.00", "100.00", "4", "50.00", "50.00", "50.00"], columns);
        Assert.Equal(8, f.Data.Single()!["header"]!["values"]!.AsArray().Count);
    }
}
