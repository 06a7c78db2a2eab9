using System.Globalization;
using System.Text.Json;

namespace R1Omni.Charts;

/// <summary>
/// Training curves from a run's metrics.jsonl against the optimiser step: one panel per logged quantity
/// (<see cref="FromMetrics"/>), the standard views of an SFT run (<see cref="Sft"/>) and a GRPO run (<see cref="Grpo"/>,
/// <see cref="GrpoTimes"/>), or several runs overlaid for comparison (<see cref="Compare"/>). Quantities a run did not
/// log are left out; every builder returns null when there is nothing to draw.
/// </summary>
public static class TrainingCurves
{
    static readonly (string Key, string Title)[] Panels =
    [
        ("reward", "reward"), ("rewards/accuracy/mean", "accuracy reward"), ("rewards/format/mean", "format reward"),
        ("kl", "KL"), ("completions/mean_length", "completion length"), ("loss", "loss"),
    ];

    /// <summary>The phases of a GRPO step that <c>time/*</c> keys measure, in the order they run.</summary>
    static readonly (string Key, string Name)[] GrpoPhases =
    [
        ("time/data", "data"), ("time/generation", "generation"), ("time/reference", "reference log-probs"),
        ("time/old_logprob", "old-policy log-probs"), ("time/logprob", "policy pass"),
    ];

    /// <summary>One panel per quantity of the run: reward, per-function rewards, KL, completion length, loss. Null when the file is missing or empty.</summary>
    public static PlotlyFigure? FromMetrics(string metricsJsonl, string? title = null) =>
        Build(metricsJsonl, title, Panels.Select(p => (p.Title, new[] { (p.Key, p.Title) })).ToList());

    /// <summary>SFT: loss, gradient norm (before clipping) and learning rate.</summary>
    public static PlotlyFigure? Sft(string metricsJsonl, string? title = null) =>
        Build(metricsJsonl, title, [("loss", [("loss", "loss")]), ("grad norm", [("grad_norm", "grad norm")]), ("learning rate", [("learning_rate", "learning rate")])]);

    /// <summary>
    /// GRPO: the total reward with one curve per reward function (their group means), KL to the reference, completion
    /// length (mean, min, max), policy entropy and loss.
    /// </summary>
    public static PlotlyFigure? Grpo(string metricsJsonl, string? title = null)
    {
        var lines = ReadLines(metricsJsonl);
        // Reward functions are configurable: take whichever rewards/NAME/mean the run logged.
        var rewards = lines.SelectMany(l => l.EnumerateObject().Select(p => p.Name))
            .Where(k => k.StartsWith("rewards/", StringComparison.Ordinal) && k.EndsWith("/mean", StringComparison.Ordinal)).Distinct()
            .Select(k => (k, k["rewards/".Length..^"/mean".Length]));
        return Build(lines, metricsJsonl, title,
        [
            ("reward", [("reward", "total reward"), .. rewards, ("probe/accuracy", "probe accuracy (held out, T = 1)"),
                        ("probe/answered_accuracy", "probe accuracy among answers")]),
            ("KL", [("kl", "KL")]),
            ("completion length", [("completions/mean_length", "mean length"), ("completions/min_length", "min length"), ("completions/max_length", "max length")]),
            ("entropy", [("entropy", "entropy")]),
            ("loss", [("loss", "loss")]),
        ]);
    }

    /// <summary>GRPO: seconds per step in each phase (data, generation, reference, policy pass), one curve per phase.</summary>
    public static PlotlyFigure? GrpoTimes(string metricsJsonl, string? title = null) =>
        Build(metricsJsonl, title, [("seconds", GrpoPhases)]);

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

    static PlotlyFigure? Build(string metricsJsonl, string? title, IReadOnlyList<(string Title, (string Key, string Name)[] Series)> panels) =>
        Build(ReadLines(metricsJsonl), metricsJsonl, title, panels);

    /// <summary>A panel per entry with a curve per key some line has; untitled figures are named after the run folder.</summary>
    static PlotlyFigure? Build(List<JsonElement> lines, string metricsJsonl, string? title, IReadOnlyList<(string Title, (string Key, string Name)[] Series)> panels)
    {
        var built = panels
            .Select(p => new LinePanel(p.Title, p.Series.Where(s => lines.Any(l => l.TryGetProperty(s.Key, out _))).Select(s => Series(s.Name, lines, s.Key)).ToList()))
            .Where(p => p.Series.Count > 0).ToList();
        return built.Count == 0 ? null : LineChart.Create(title ?? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(metricsJsonl))) ?? "training", "step", built);
    }

    static List<JsonElement> ReadLines(string metricsJsonl) => !File.Exists(metricsJsonl) ? [] :
        File.ReadAllLines(metricsJsonl).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    static LineSeries Series(string name, List<JsonElement> lines, string key) => new(name,
        lines.Select(l => l.GetProperty("step").GetDouble()).ToArray(),
        lines.Select(l => l.TryGetProperty(key, out var v) ? Value(v) : double.NaN).ToArray());

    // Non-finite values of skipped steps are written as strings.
    static double Value(JsonElement v) => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.Parse(v.GetString()!, CultureInfo.InvariantCulture);
}
