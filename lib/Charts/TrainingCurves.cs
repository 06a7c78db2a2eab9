using System.Globalization;
using System.Text.Json;

namespace R1Omni.Charts;

/// <summary>Training curves from a run's metrics.jsonl: one panel per logged quantity that the run has (reward, KL, length, loss…);
/// or several runs overlaid for comparison.</summary>
public static class TrainingCurves
{
    static readonly (string Key, string Title)[] Panels =
    [
        ("reward", "reward"), ("rewards/accuracy/mean", "accuracy reward"), ("rewards/format/mean", "format reward"),
        ("kl", "KL"), ("completions/mean_length", "completion length"), ("loss", "loss"),
    ];

    /// <summary>The figure, or null when the file is missing or empty.</summary>
    public static PlotlyFigure? FromMetrics(string metricsJsonl, string? title = null)
    {
        var lines = ReadLines(metricsJsonl);
        if (lines.Count == 0) return null;
        var panels = Panels.Where(p => lines[0].TryGetProperty(p.Key, out _))
            .Select(p => new LinePanel(p.Title, [Series(p.Title, lines, p.Key)])).ToList();
        return panels.Count == 0 ? null : LineChart.Create(title ?? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(metricsJsonl))) ?? "training", "step", panels);
    }

    /// <summary>
    /// Several runs overlaid, one curve per run in a panel per metric key (default: reward and KL); a run whose metrics
    /// file is missing or empty, or lacks a key, is left out of that panel. Null when no run has any of the keys.
    /// </summary>
    public static PlotlyFigure? Compare(string title, IReadOnlyList<(string Name, string MetricsJsonl)> runs, IReadOnlyList<string>? keys = null)
    {
        var read = runs.Select(r => (r.Name, Lines: ReadLines(r.MetricsJsonl))).Where(r => r.Lines.Count > 0).ToList();
        var panels = new List<LinePanel>();
        foreach (string key in keys ?? ["reward", "kl"])
        {
            var series = read.Where(r => r.Lines[0].TryGetProperty(key, out _)).Select(r => Series(r.Name, r.Lines, key)).ToList();
            if (series.Count > 0) panels.Add(new LinePanel(Panels.FirstOrDefault(p => p.Key == key).Title ?? key, series));
        }
        return panels.Count == 0 ? null : LineChart.Create(title, "step", panels);
    }

    static List<JsonElement> ReadLines(string metricsJsonl) => !File.Exists(metricsJsonl) ? [] :
        File.ReadAllLines(metricsJsonl).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    static LineSeries Series(string name, List<JsonElement> lines, string key) => new(name,
        lines.Select(l => l.GetProperty("step").GetDouble()).ToArray(),
        lines.Select(l => l.TryGetProperty(key, out var v) ? Value(v) : double.NaN).ToArray());

    // Non-finite values of skipped steps are written as strings.
    static double Value(JsonElement v) => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.Parse(v.GetString()!, CultureInfo.InvariantCulture);
}
