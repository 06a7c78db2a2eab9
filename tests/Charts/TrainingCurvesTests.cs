using R1Omni.Charts;

namespace R1Omni.Tests.Charts;

public class TrainingCurvesTests
{
    static string Metrics(params string[] lines)
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "metrics.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    static IReadOnlyList<(string Name, string Axis)> Series(PlotlyFigure f) => f.Data.Select(t => ((string)t!["name"]!, (string)t["yaxis"]!)).ToList();

    static string PanelTitle(PlotlyFigure f, string axis) => (string)f.Layout[axis.Replace("y", "yaxis")]!["title"]!["text"]!;

    [Fact]
    public void SftShowsLossGradNormAndLearningRate()
    {
        var f = TrainingCurves.Sft(Metrics(
            """{"step":1,"epoch":0.5,"loss":2.5,"grad_norm":7,"learning_rate":0.005,"skipped":false,"seconds":1}""",
            """{"step":2,"epoch":1,"loss":"NaN","grad_norm":1.5,"learning_rate":0.0025,"skipped":true,"seconds":1}"""), "sft")!;

        Assert.Equal([("loss", "y"), ("grad norm", "y2"), ("learning rate", "y3")], Series(f));
        Assert.Equal(["loss", "grad norm", "learning rate"], new[] { "y", "y2", "y3" }.Select(a => PanelTitle(f, a)));
        Assert.Equal("[1,2]", f.Data[0]!["x"]!.ToJsonString());
        Assert.Equal("[2.5,null]", f.Data[0]!["y"]!.ToJsonString());     // the skipped step's NaN is a gap
        Assert.Equal("[0.005,0.0025]", f.Data[2]!["y"]!.ToJsonString());
        Assert.Equal("sft", f.Title);
    }

    [Fact]
    public void GrpoPutsEveryRewardFunctionInTheRewardPanelAndLeavesOutWhatWasNotLogged()
    {
        string path = Metrics(
            """{"step":1,"loss":0.1,"reward":1.5,"rewards/accuracy/mean":0.5,"rewards/format/mean":1,"kl":0,"completions/mean_length":40,"completions/min_length":30,"completions/max_length":48,"entropy":7.5,"time/data":0.5}""",
            """{"step":2,"loss":0.2,"reward":2,"rewards/accuracy/mean":1,"rewards/format/mean":1,"kl":0.01,"completions/mean_length":20,"completions/min_length":10,"completions/max_length":30,"entropy":7}""");
        var f = TrainingCurves.Grpo(path)!;

        Assert.Equal([("total reward", "y"), ("accuracy", "y"), ("format", "y"), ("KL", "y2"), ("mean length", "y3"), ("min length", "y3"),
                      ("max length", "y3"), ("entropy", "y4"), ("loss", "y5")], Series(f));
        Assert.Equal("[0.5,1]", f.Data[1]!["y"]!.ToJsonString());
        Assert.Equal("[0,0.01]", f.Data[3]!["y"]!.ToJsonString());
        Assert.Equal(Path.GetFileName(Path.GetDirectoryName(path)), f.Title);   // untitled: named after the run folder
    }

    [Fact]
    public void GrpoTimesHasOneCurvePerLoggedPhase()
    {
        var f = TrainingCurves.GrpoTimes(Metrics(
            """{"step":1,"time/data":0.5,"time/generation":0.75,"time/reference":0.5,"time/logprob":0.7}"""), "times")!;
        Assert.Equal([("data", "y"), ("generation", "y"), ("reference log-probs", "y"), ("policy pass", "y")], Series(f));
        Assert.Equal("[0.75]", f.Data[1]!["y"]!.ToJsonString());
    }

    [Fact]
    public void MissingOrUnrelatedMetricsGiveNoFigure()
    {
        Assert.Null(TrainingCurves.Sft(Path.Combine(TestPaths.NewTempDir(), "metrics.jsonl")));
        Assert.Null(TrainingCurves.Grpo(Metrics("")));
        Assert.Null(TrainingCurves.GrpoTimes(Metrics("""{"step":1,"loss":1}""")));
    }
}
