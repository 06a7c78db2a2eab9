using System.Globalization;
using System.Text.Json;

namespace R1Omni.Charts;

/// <summary>Training curves from a run's metrics.jsonl: one panel per logged quantity that the run has (reward, KL, length, loss…).</summary>
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
        if (!File.Exists(metricsJsonl)) return null;
        var lines = File.ReadAllLines(metricsJsonl).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        if (lines.Count == 0) return null;
        double[] steps = lines.Select(l => l.GetProperty("step").GetDouble()).ToArray();
        var panels = new List<LinePanel>();
        foreach (var (key, name) in Panels)
        {
            if (!lines[0].TryGetProperty(key, out _)) continue;
            double[] y = lines.Select(l => l.TryGetProperty(key, out var v) ? Value(v) : double.NaN).ToArray();
            panels.Add(new LinePanel(name, [new LineSeries(name, steps, y)]));
        }
        return panels.Count == 0 ? null : LineChart.Create(title ?? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(metricsJsonl))) ?? "training", "step", panels);
    }

    // Non-finite values of skipped steps are written as strings.
    static double Value(JsonElement v) => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.Parse(v.GetString()!, CultureInfo.InvariantCulture);
}
