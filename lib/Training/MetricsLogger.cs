using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Training;

/// <summary>
/// Per-step metrics of a run: one JSON line per optimiser step in <c>metrics.jsonl</c>, TensorBoard scalars under
/// <c>tensorboard/</c> (tags <c>train/loss</c>, <c>train/grad_norm</c>, <c>train/learning_rate</c>, <c>train/{extra}</c>)
/// and, every <c>logging_steps</c>, a progress line (step/total, loss, lr, s/step, ETA) to a text writer.
/// </summary>
public sealed class MetricsLogger : IDisposable
{
    public const string FileName = "metrics.jsonl";
    public const string TensorboardFolder = "tensorboard";

    readonly StreamWriter jsonl;
    readonly SummaryWriter? tensorboard;
    readonly TextWriter progress;
    readonly string tag;
    readonly int totalSteps, every;
    readonly Stopwatch clock = Stopwatch.StartNew();
    int stepsThisSession;

    public MetricsLogger(string runDir, TextWriter progress, string tag, int totalSteps, int loggingSteps, bool tensorboard)
    {
        jsonl = new StreamWriter(Path.Combine(runDir, FileName), append: true) { AutoFlush = true };
        this.tensorboard = tensorboard ? utils.tensorboard.SummaryWriter(Path.Combine(runDir, TensorboardFolder)) : null;
        this.progress = progress;
        this.tag = tag;
        this.totalSteps = totalSteps;
        every = loggingSteps;
    }

    public void Log(StepMetrics m)
    {
        jsonl.WriteLine(ToJson(m).ToJsonString());
        if (tensorboard is not null)
        {
            tensorboard.add_scalar("train/loss", (float)m.Loss, m.Step);
            tensorboard.add_scalar("train/grad_norm", (float)m.GradNorm, m.Step);
            tensorboard.add_scalar("train/learning_rate", (float)m.LearningRate, m.Step);
            foreach (var (key, value) in m.Extra ?? new Dictionary<string, double>()) tensorboard.add_scalar("train/" + key, (float)value, m.Step);
        }
        stepsThisSession++;
        if (m.Step % every != 0 && m.Step != totalSteps) return;
        double perStep = clock.Elapsed.TotalSeconds / stepsThisSession;
        var eta = TimeSpan.FromSeconds(perStep * (totalSteps - m.Step));
        string extra = string.Concat((m.Extra ?? new Dictionary<string, double>()).Select(p => $" {p.Key} {Fmt(p.Value)}"));
        progress.WriteLine($"[{tag}] step {m.Step}/{totalSteps} loss {Fmt(m.Loss)} lr {m.LearningRate.ToString("0.00e+00", CultureInfo.InvariantCulture)} " +
                           $"grad {Fmt(m.GradNorm)}{extra}{(m.Skipped ? " SKIPPED" : "")} {perStep:F2} s/step ETA {Eta(eta)}");
    }

    /// <summary>A warning line on the progress writer.</summary>
    public void Warn(string message) => progress.WriteLine($"[{tag}] warning: {message}");

    public void Info(string message) => progress.WriteLine($"[{tag}] {message}");

    /// <summary>The metrics lines of a run folder, in order.</summary>
    public static IReadOnlyList<StepMetrics> Read(string runDir)
    {
        return StepLines.Read(Path.Combine(runDir, FileName)).Select(n => FromJson(n.AsObject())).ToList();
    }

    /// <summary>Drops the lines of steps after <paramref name="step"/> (a resumed run repeats them) and a torn last line.</summary>
    public static void TruncateAfter(string runDir, int step) => StepLines.TruncateAfter(Path.Combine(runDir, FileName), step);

    static JsonObject ToJson(StepMetrics m)
    {
        var o = new JsonObject
        {
            ["step"] = m.Step, ["epoch"] = m.Epoch, ["loss"] = Num(m.Loss), ["grad_norm"] = Num(m.GradNorm),
            ["learning_rate"] = m.LearningRate, ["skipped"] = m.Skipped, ["seconds"] = Math.Round(m.Seconds, 4),
        };
        foreach (var (key, value) in m.Extra ?? new Dictionary<string, double>()) o[key] = Num(value);
        return o;
    }

    // JSON has no NaN or infinity: a skipped step's non-finite value is written as a string.
    static JsonNode Num(double v) => double.IsFinite(v) ? JsonValue.Create(v) : JsonValue.Create(v.ToString(CultureInfo.InvariantCulture));

    static double Val(JsonNode? n) => n is null ? double.NaN
        : n.GetValueKind() == JsonValueKind.String ? double.Parse(n.GetValue<string>(), CultureInfo.InvariantCulture) : n.GetValue<double>();

    static StepMetrics FromJson(JsonObject o)
    {
        string[] fixedKeys = ["step", "epoch", "loss", "grad_norm", "learning_rate", "skipped", "seconds"];
        var extra = o.Where(p => !fixedKeys.Contains(p.Key)).ToDictionary(p => p.Key, p => Val(p.Value));
        return new StepMetrics(o["step"]!.GetValue<int>(), Val(o["epoch"]), Val(o["loss"]), Val(o["grad_norm"]), Val(o["learning_rate"]),
                               o["skipped"]!.GetValue<bool>(), Val(o["seconds"]), extra.Count > 0 ? extra : null);
    }

    static string Fmt(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

    static string Eta(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:D2}s" : $"{t.Seconds}s";

    public void Dispose()
    {
        jsonl.Dispose();
    }
}
