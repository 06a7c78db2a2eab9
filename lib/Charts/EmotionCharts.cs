using System.Globalization;
using R1Omni.Evaluation;

namespace R1Omni.Charts;

/// <summary>The standard charts of emotion-recognition results (<see cref="EmotionMetricsResult"/>, percentages).</summary>
public static class EmotionCharts
{
    /// <summary>WAR and UAR side by side for each model.</summary>
    public static PlotlyFigure WarUar(string title, IReadOnlyList<(string Model, EmotionMetricsResult Metrics)> models) =>
        BarChart.Grouped(title, models.Select(m => m.Model).ToList(),
                         [new BarSeries("WAR", models.Select(m => m.Metrics.War).ToList()), new BarSeries("UAR", models.Select(m => m.Metrics.Uar).ToList())],
                         "%", yMax: 100);

    /// <summary>WAR and UAR for each model, one facet per group of models sharing the y scale (e.g. one ablation per facet).</summary>
    public static PlotlyFigure WarUarByGroup(string title, IReadOnlyList<(string Group, IReadOnlyList<(string Model, EmotionMetricsResult Metrics)> Models)> groups) =>
        BarChart.Faceted(title, ["WAR", "UAR"],
                         groups.Select(g => new BarPanel(g.Group, g.Models.Select(m => new BarSeries(m.Model, [m.Metrics.War, m.Metrics.Uar])).ToList())).ToList(),
                         "%", yMax: 100);

    /// <summary>The confusion matrix with the out-of-label column ("other").</summary>
    public static PlotlyFigure Confusion(string title, EmotionMetricsResult metrics) =>
        ConfusionMatrixChart.Create(title, metrics.Labels, metrics.ConfusionColumns, metrics.Confusion);

    /// <summary>Recall per class for each model; classes are named with their support in the first model's data.</summary>
    public static PlotlyFigure PerClassRecall(string title, IReadOnlyList<(string Model, EmotionMetricsResult Metrics)> models)
    {
        if (models.Count == 0) throw new R1OmniException($"per-class recall '{title}': expected at least one model");
        var labels = models[0].Metrics.Labels;
        foreach (var (model, m) in models)
            if (!m.Labels.SequenceEqual(labels))
                throw new R1OmniException($"per-class recall '{title}': model '{model}' was scored on labels ({string.Join(", ", m.Labels)}); " +
                                          $"expected the first model's ({string.Join(", ", labels)})");
        var categories = labels.Select((l, i) => $"{l} (n={models[0].Metrics.Support[i]})").ToList();
        var series = models.Select(m => new BarSeries(m.Model, m.Metrics.Recall.Select(r => r ?? double.NaN).ToList())).ToList();
        return BarChart.Grouped(title, categories, series, "recall (%)", yMax: 100, valueFormat: "F0");
    }

    /// <summary>WAR and UAR panels; in each, every model's in-distribution and out-of-distribution result.</summary>
    public static PlotlyFigure DistributionShift(string title,
        IReadOnlyList<(string Model, EmotionMetricsResult InDistribution, EmotionMetricsResult OutOfDistribution)> models)
    {
        string[] conditions = ["in-distribution", "out-of-distribution"];
        BarPanel Panel(string metric, Func<EmotionMetricsResult, double> value) =>
            new(metric, models.Select(m => new BarSeries(m.Model, [value(m.InDistribution), value(m.OutOfDistribution)])).ToList());
        return BarChart.Faceted(title, conditions, [Panel("WAR", r => r.War), Panel("UAR", r => r.Uar)], "%", yMax: 100);
    }

    /// <summary>The out-of-distribution gap per model: in-distribution minus out-of-distribution WAR and UAR, in points.</summary>
    public static PlotlyFigure OodGap(string title,
        IReadOnlyList<(string Model, EmotionMetricsResult InDistribution, EmotionMetricsResult OutOfDistribution)> models) =>
        BarChart.Grouped(title, models.Select(m => m.Model).ToList(),
                         [new BarSeries("WAR gap", models.Select(m => m.InDistribution.War - m.OutOfDistribution.War).ToList()),
                          new BarSeries("UAR gap", models.Select(m => m.InDistribution.Uar - m.OutOfDistribution.Uar).ToList())],
                         "in-distribution − out-of-distribution (points)");

    /// <summary>Per model: n, WAR and UAR in and out of distribution, and the UAR gap (Table 1's columns).</summary>
    public static PlotlyFigure IdOodTable(string title,
        IReadOnlyList<(string Model, EmotionMetricsResult InDistribution, EmotionMetricsResult OutOfDistribution)> models)
    {
        static string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
        return TableChart.Create(title, ["model", "ID n", "ID WAR", "ID UAR", "OOD n", "OOD WAR", "OOD UAR", "UAR gap"],
            models.Select(m => (IReadOnlyList<string>)
                [m.Model, m.InDistribution.N.ToString(CultureInfo.InvariantCulture), F(m.InDistribution.War), F(m.InDistribution.Uar),
                 m.OutOfDistribution.N.ToString(CultureInfo.InvariantCulture), F(m.OutOfDistribution.War), F(m.OutOfDistribution.Uar),
                 F(m.InDistribution.Uar - m.OutOfDistribution.Uar)]).ToList(),
            [2, 1, 1, 1, 1, 1, 1, 1]);
    }
}
