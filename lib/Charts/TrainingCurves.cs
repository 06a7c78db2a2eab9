using System.Globalization;
using System.Text.Json;

namespace R1Omni.Charts;

/// <summary>
/// Training curves from a run's metrics.jsonl against the optimiser step: one panel per logged quantity
/// (<see cref="FromMetrics"/>), or the standard views of an SFT run (<see cref="Sft"/>) and a GRPO run
/// (<see cref="Grpo"/>, <see cref="GrpoTimes"/>). Quantities the run did not log are left out; every builder returns
/// null when the file is missing or holds none of its quantities.
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

    /// <summary>One panel per quantity of the run: reward, per-function rewards, KL, completion length, loss.</summary>
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
        var lines = Read(metricsJsonl);
        // Reward functions are configurable: take whichever rewards/NAME/mean the run logged.
        var rewards = lines.SelectMany(l => l.EnumerateObject().Select(p => p.Name))
            .Where(k => k.StartsWith("rewards/", StringComparison.Ordinal) && k.EndsWith("/mean", StringComparison.Ordinal)).Distinct()
            .Select(k => (k, k["rewards/".Length..^"/mean".Length]));
        return Build(lines, metricsJsonl, title,
        [
            ("reward", [("reward", "total reward"), .. rewards]),
            ("KL", [("kl", "KL")]),
            ("completion length", [("completions/mean_length", "mean length"), ("completions/min_length", "min length"), ("completions/max_length", "max length")]),
            ("entropy", [("entropy", "entropy")]),
            ("loss", [("loss", "loss")]),
        ]);
    }

    /// <summary>GRPO: seconds per step in each phase (data, generation, reference, policy pass), one curve per phase.</summary>
    public static PlotlyFigure? GrpoTimes(string metricsJsonl, string? title = null) =>
        Build(metricsJsonl, title, [("seconds", GrpoPhases)]);

    static PlotlyFigure? Build(string metricsJsonl, string? title, IReadOnlyList<(string Title, (string Key, string Name)[] Series)> panels) =>
        Build(Read(metricsJsonl), metricsJsonl, title, panels);

    static PlotlyFigure? Build(IReadOnlyList<JsonElement> lines, string metricsJsonl, string? title, IReadOnlyList<(string Title, (string Key, string Name)[] Series)> panels)
    {
        if (lines.Count == 0) return null;
        double[] steps = lines.Select(l => l.GetProperty("step").GetDouble()).ToArray();
        var built = new List<LinePanel>();
        foreach (var (panelTitle, series) in panels)
        {
            var curves = series.Where(s => lines.Any(l => l.TryGetProperty(s.Key, out _)))
                .Select(s => new LineSeries(s.Name, steps, lines.Select(l => l.TryGetProperty(s.Key, out var v) ? Value(v) : double.NaN).ToArray()))
                .ToList();
            if (curves.Count > 0) built.Add(new LinePanel(panelTitle, curves));
        }
        return built.Count == 0 ? null : LineChart.Create(title ?? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(metricsJsonl))) ?? "training", "step", built);
    }

    static IReadOnlyList<JsonElement> Read(string metricsJsonl) =>
        File.Exists(metricsJsonl) ? File.ReadAllLines(metricsJsonl).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList() : [];

    // Non-finite values of skipped steps are written as strings.
    static double Value(JsonElement v) => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.Parse(v.GetString()!, CultureInfo.InvariantCulture);
}
