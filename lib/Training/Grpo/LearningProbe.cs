using System.Text.Json;
using System.Text.Json.Nodes;
using R1Omni.Data;
using R1Omni.Media;
using R1Omni.Prompts;

namespace R1Omni.Training.Grpo;

/// <summary>
/// Whether RL learns to recognise or only to format: the policy's sampled answers (R1-Omni's rollout settings,
/// temperature 1, G samples per clip, the same seed streams every time) on a fixed held-out set of clips, scored by the
/// accuracy and format rewards. Each measurement goes to <c>probe.jsonl</c> with the accuracy of every clip and the share
/// of its samples that give an <c>&lt;answer&gt;</c> (what a paired comparison between two points of training needs), and
/// its means to the step's line of <c>metrics.jsonl</c>. The accuracy among answered samples separates the two ways the
/// sampled accuracy can rise: answering more often (format) and answering correctly more often (recognition).
/// </summary>
public sealed class LearningProbe(IReadOnlyList<ManifestItem> items, long seed, string runDir)
{
    public const string FileName = "probe.jsonl";
    public const string AccuracyKey = "probe/accuracy", FormatKey = "probe/format", AnsweredAccuracyKey = "probe/answered_accuracy";
    static readonly AccuracyReward Accuracy = new();
    static readonly FormatReward Format = new();

    /// <summary>Samples the policy on every probe clip and records the result as measured after <paramref name="step"/> updates.</summary>
    public IReadOnlyDictionary<string, double> Measure(GrpoStepRunner runner, int step, Func<ManifestItem, VideoClip> loadClip)
    {
        var (groups, _, _) = runner.Sample(items, seed, loadClip);
        var perClip = new List<double>();
        var formats = new List<double>();
        var answered = new List<double>();
        var answeredCorrect = new List<double>();
        try
        {
            foreach (var group in groups)
            {
                var clipItems = Enumerable.Repeat(group.Item, group.Texts.Count).ToList();
                var correct = Accuracy.Score(group.Texts, clipItems);
                var answers = group.Texts.Select(AnswerTag.HasAnswer).ToList();
                perClip.Add(correct.Average());
                formats.Add(Format.Score(group.Texts, clipItems).Average());
                answered.Add(answers.Average(a => a ? 1.0 : 0.0));
                answeredCorrect.Add(correct.Where((_, i) => answers[i]).Sum() / correct.Length);
            }
        }
        finally
        {
            foreach (var g in groups) g.Dispose();
        }
        var point = new ProbePoint(step, perClip.Average(), formats.Average(), [.. perClip], [.. answered], [.. answeredCorrect]);
        var line = new JsonObject
        {
            ["step"] = step, ["accuracy"] = point.Accuracy, ["format"] = point.Format, ["answered_accuracy"] = double.IsFinite(point.AnsweredAccuracy) ? point.AnsweredAccuracy : null,
            ["samples"] = runner.Options.NumGenerations, ["clips"] = new JsonArray(items.Select(i => (JsonNode)i.Id).ToArray()),
            ["clip_accuracy"] = new JsonArray(perClip.Select(a => (JsonNode)a).ToArray()),
            ["clip_answered"] = new JsonArray(answered.Select(a => (JsonNode)a).ToArray()),
            ["clip_answered_correct"] = new JsonArray(answeredCorrect.Select(a => (JsonNode)a).ToArray()),
        };
        File.AppendAllText(Path.Combine(runDir, FileName), line.ToJsonString() + "\n");
        var metrics = new Dictionary<string, double> { [AccuracyKey] = point.Accuracy, [FormatKey] = point.Format };
        if (double.IsFinite(point.AnsweredAccuracy)) metrics[AnsweredAccuracyKey] = point.AnsweredAccuracy;
        return metrics;
    }

    /// <summary>Drops measurements after <paramref name="step"/> (a resumed run measures them again).</summary>
    public static void TruncateAfter(string runDir, int step) => StepLines.TruncateAfter(Path.Combine(runDir, FileName), step);

    /// <summary>The measurements of a run, in order (a file written before answered shares were kept has NaN for them).</summary>
    public static IReadOnlyList<ProbePoint> Read(string runDir)
    {
        return StepLines.Read(Path.Combine(runDir, FileName)).Select(r =>
        {
            double[] Numbers(JsonNode node) => [.. node.AsArray().Select(v => v!.GetValue<double>())];
            double[] clipAccuracy = Numbers(r["clip_accuracy"]!);
            double[] Shares(string key) => r[key] is { } a ? Numbers(a) : [.. clipAccuracy.Select(_ => double.NaN)];
            return new ProbePoint(r["step"]!.GetValue<int>(), r["accuracy"]!.GetValue<double>(), r["format"]!.GetValue<double>(),
                                  clipAccuracy, Shares("clip_answered"), Shares("clip_answered_correct"));
        }).ToList();
    }
}
