using R1Omni.Analysis;
using R1Omni.Charts;
using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Prompts;
using R1Omni.Reproduce;

namespace R1Omni.Tests.Charts;

/// <summary>The ablations notebook's charts and the builders they add (box distributions, overlaid runs, WAR/UAR facets).</summary>
public class AblationChartsTests
{
    static readonly IReadOnlyList<string> Dfew = LabelMap.BuiltIn("dfew").Labels;
    static readonly EmotionMetricsResult Half = EmotionMetrics.Compute(["happy", "sad"], ["happy", "angry"], Dfew);
    static readonly EmotionMetricsResult All = EmotionMetrics.Compute(["happy", "sad"], ["happy", "sad"], Dfew);

    static string Metrics(params (int Step, double Reward, double Kl)[] steps)
    {
        string dir = TestPaths.NewTempDir();
        string path = Path.Combine(dir, "metrics.jsonl");
        File.WriteAllLines(path, steps.Select(s => FormattableString.Invariant(
            $"{{\"step\":{s.Step},\"epoch\":0.5,\"loss\":0.5,\"grad_norm\":1,\"learning_rate\":0.0001,\"skipped\":false,\"seconds\":1,\"reward\":{s.Reward},\"kl\":{s.Kl}}}")));
        return path;
    }

    [Fact]
    public void BoxesCarryEveryValueAndRejectEmptyGroups()
    {
        var f = DistributionChart.Box("drops", [("video", [0.5, -1.0]), ("audio", [2.0])], "nats");
        Assert.Equal(["box", "box"], f.Data.Select(t => (string)t!["type"]!));
        Assert.Equal("[0.5,-1]", f.Data[0]!["y"]!.ToJsonString());
        Assert.Equal("all", (string?)f.Data[1]!["boxpoints"]);
        Assert.Equal("nats", (string?)f.Layout["yaxis"]!["title"]!["text"]);
        var e = Assert.Throws<R1OmniException>(() => DistributionChart.Box("drops", [("video", [])], "nats"));
        Assert.Contains("group 'video' has no values", e.Message);
    }

    [Fact]
    public void CompareOverlaysRunsPerMetricAndSkipsMissingFiles()
    {
        string a = Metrics((1, 0.1, 0), (2, 0.4, 0.01)), b = Metrics((1, 0.2, 0));
        var f = TrainingCurves.Compare("β", [("β 0.04", a), ("β 0", b), ("missing", Path.Combine(TestPaths.NewTempDir(), "metrics.jsonl"))])!;
        Assert.Equal(["β 0.04", "β 0", "β 0.04", "β 0"], f.Data.Select(t => (string)t!["name"]!));
        Assert.Equal(["y", "y", "y2", "y2"], f.Data.Select(t => (string)t!["yaxis"]!));
        Assert.Equal("[0.1,0.4]", f.Data[0]!["y"]!.ToJsonString());
        Assert.Equal("KL", (string?)f.Layout["yaxis2"]!["title"]!["text"]);
        Assert.Null(TrainingCurves.Compare("none", [("missing", Path.Combine(TestPaths.NewTempDir(), "metrics.jsonl"))]));
        Assert.Single(TrainingCurves.Compare("loss only", [("a", a)], ["loss"])!.Data);
    }

    [Fact]
    public void WarUarByGroupPutsEachGroupInItsOwnFacet()
    {
        var f = EmotionCharts.WarUarByGroup("ablations", [("beta", [("β 0.04", All), ("β 0", Half)]), ("g", [("G 8", Half)])]);
        Assert.Equal(3, f.Data.Count);
        Assert.Equal("[100,100]", f.Data[0]!["y"]!.ToJsonString());
        Assert.Equal("[50,50]", f.Data[2]!["y"]!.ToJsonString());
        Assert.NotEqual((string?)f.Data[0]!["xaxis"], (string?)f.Data[2]!["xaxis"]);
    }

    static GrpoAblationResult Result(GrpoAblation v, EmotionMetricsResult m, string metrics) => new(v, "ckpt", metrics, m);

    [Fact]
    public void AblationFiguresGroupTheVariants()
    {
        string reference = Metrics((1, 0.25, 0)), beta0 = Metrics((1, 0.5, 0), (2, 0.75, 0));
        var betas = GrpoAblations.Betas([0.04, 0]);
        var gs = GrpoAblations.Generations([4], reference: 4);
        var results = new[] { Result(betas[0], All, reference), Result(betas[1], Half, beta0), Result(gs[0], All, reference) };

        var curves = AblationCharts.TrainingCurves(results);
        Assert.Equal(["curves_beta", "curves_g"], curves.Select(c => c.Name));
        Assert.Equal(["β 0.04", "β 0", "β 0.04", "β 0"], curves[0].Figure.Data.Select(t => (string)t!["name"]!));

        var table = AblationCharts.Summary("ablations", results).Data.Single()!["cells"]!["values"]!;
        Assert.Equal("[\"grpo\",\"ablation-beta-0\",\"grpo\"]", table[2]!.ToJsonString());
        Assert.Equal("[\"0.250\",\"0.750\",\"0.250\"]", table[5]!.ToJsonString());    // the last step's reward

        Assert.Equal(3, AblationCharts.WarUar("ablations", results).Data.Count);
        var modality = AblationCharts.ModalityAtEvaluation("per modality", [(PromptModality.VideoAudio, All), (PromptModality.Audio, Half)]);
        Assert.Equal("[\"video_audio\",\"audio\"]", modality.Data[0]!["x"]!.ToJsonString());
    }

    [Fact]
    public void ContributionChartsShowDropsAndTheSamplesWhereAModalityMattered()
    {
        ContributionSample S(string id, double full, double noVideo, double noAudio, string? label) =>
            new(id, id + ".mp4", label, "resp", "happy", new(full, noVideo, noAudio), label is null ? null : new(full - 1, noVideo - 1, noAudio - 3));
        var samples = new[] { S("a", -1, -3, -1.5, "happy"), S("b", -1, -1.2, -5, null), S("c", -1, -0.5, -1, "sad") };

        var box = AblationCharts.ContributionDistribution("drops", samples);
        Assert.Equal(["answer: video removed", "answer: audio removed", "label: video removed", "label: audio removed"], box.Data.Select(t => (string)t!["name"]!));
        Assert.Equal(PlotlyJson.Numbers([2, -1 - -1.2, -0.5]).ToJsonString(), box.Data[0]!["y"]!.ToJsonString());
        Assert.Equal("[2,-0.5]", box.Data[2]!["y"]!.ToJsonString());                   // labelled samples only

        var columns = AblationCharts.MatteredMost("mattered", samples).Data.Single()!["cells"]!["values"]!;
        Assert.Equal("[\"b\",\"a\"]", columns[0]!.ToJsonString());                      // c: neither; the largest drop first
        Assert.Equal("[\"audio\",\"video\"]", columns[3]!.ToJsonString());
        Assert.Equal("[\"\",\"2.000\"]", columns[6]!.ToJsonString());
    }
}
