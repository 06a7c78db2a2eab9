using System.Globalization;
using R1Omni.Analysis;
using R1Omni.Charts;
using R1Omni.Evaluation;
using R1Omni.Prompts;

namespace R1Omni.Reproduce;

/// <summary>The charts of the ablations notebook: GRPO variants (curves and WAR/UAR), modality at evaluation, modality contributions.</summary>
public static class AblationCharts
{
    /// <summary>Reward and KL per step, the variants of each ablation group overlaid; (file name, figure) per group with metrics.</summary>
    public static IReadOnlyList<(string Name, PlotlyFigure Figure)> TrainingCurves(IReadOnlyList<GrpoAblationResult> results) =>
        Groups(results).Select(g => (Name: $"curves_{g.Key}", Figure: Charts.TrainingCurves.Compare($"GRPO ablation: {g.Key}",
                g.Select(r => (r.Variant.Label, r.TrainingMetrics)).ToList())))
            .Where(f => f.Figure is not null).Select(f => (f.Name, f.Figure!)).ToList();

    /// <summary>Every variant in a row: its group, label, run folder, WAR/UAR and the mean reward of its last logged step.</summary>
    public static PlotlyFigure Summary(string title, IReadOnlyList<GrpoAblationResult> results) =>
        TableChart.Create(title, ["ablation", "variant", "run", "WAR", "UAR", "last reward"], results.Select(r => (IReadOnlyList<string>)
            [r.Variant.Group, r.Variant.Label, r.Variant.RunName, F(r.Evaluation.War, "F1"), F(r.Evaluation.Uar, "F1"), F(LastReward(r.TrainingMetrics), "F3")]).ToList());

    static double LastReward(string metricsJsonl) =>
        File.Exists(metricsJsonl) && Training.MetricsLogger.Read(Path.GetDirectoryName(metricsJsonl)!) is { Count: > 0 } steps
        && steps[^1].Extra?.TryGetValue("reward", out double reward) == true ? reward : double.NaN;

    static string F(double v, string format) => double.IsNaN(v) ? "" : v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>WAR and UAR of every variant, one facet per ablation group.</summary>
    public static PlotlyFigure WarUar(string title, IReadOnlyList<GrpoAblationResult> results) =>
        EmotionCharts.WarUarByGroup(title, Groups(results)
            .Select(g => (g.Key, (IReadOnlyList<(string, EmotionMetricsResult)>)g.Select(r => (r.Variant.Label, r.Evaluation)).ToList())).ToList());

    /// <summary>WAR and UAR of one model evaluated with each prompt modality.</summary>
    public static PlotlyFigure ModalityAtEvaluation(string title, IReadOnlyList<(PromptModality Modality, EmotionMetricsResult Metrics)> results) =>
        EmotionCharts.WarUar(title, results.Select(r => (GrpoAblations.ModalityName(r.Modality), r.Metrics)).ToList());

    /// <summary>Per-sample drops of the answer's log-probability when video or audio is removed (and of the label's, when labelled).</summary>
    public static PlotlyFigure ContributionDistribution(string title, IReadOnlyList<ContributionSample> samples)
    {
        var groups = new List<(string, IReadOnlyList<double>)>
        {
            ("answer: video removed", samples.Select(s => s.AnswerLogProbs.VideoDrop).ToList()),
            ("answer: audio removed", samples.Select(s => s.AnswerLogProbs.AudioDrop).ToList()),
        };
        var labelled = samples.Where(s => s.LabelLogProbs is not null).Select(s => s.LabelLogProbs!).ToList();
        if (labelled.Count > 0)
        {
            groups.Add(("label: video removed", labelled.Select(l => l.VideoDrop).ToList()));
            groups.Add(("label: audio removed", labelled.Select(l => l.AudioDrop).ToList()));
        }
        return DistributionChart.Box(title, groups, "drop in log-probability (nats)");
    }

    /// <summary>The samples where one modality mattered most, the largest drop first (at most <paramref name="max"/>).</summary>
    public static PlotlyFigure MatteredMost(string title, IReadOnlyList<ContributionSample> samples, int max = 12)
    {
        var rows = samples.Where(s => s.MatteredMost != ModalityContribution.Neither)
            .OrderByDescending(s => Math.Max(s.AnswerLogProbs.VideoDrop, s.AnswerLogProbs.AudioDrop)).Take(max)
            .Select(s => (IReadOnlyList<string>)[s.Id, s.Label ?? "", s.Answer, s.MatteredMost, F(s.AnswerLogProbs.VideoDrop, "F3"), F(s.AnswerLogProbs.AudioDrop, "F3"),
                                                 F(s.LabelLogProbs?.VideoDrop ?? double.NaN, "F3"), F(s.LabelLogProbs?.AudioDrop ?? double.NaN, "F3")]).ToList();
        return TableChart.Create(title, ["sample", "label", "answer", "mattered most", "answer Δ video", "answer Δ audio", "label Δ video", "label Δ audio"], rows);
    }

    static IEnumerable<IGrouping<string, GrpoAblationResult>> Groups(IReadOnlyList<GrpoAblationResult> results) => results.GroupBy(r => r.Variant.Group);
}
