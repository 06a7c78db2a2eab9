using System.Text.Json;
using System.Text.Json.Nodes;
using R1Omni.Data;
using R1Omni.Media;

namespace R1Omni.Training.Grpo;

/// <summary>
/// Whether RL learns to recognise or only to format: the policy's sampled answers (R1-Omni's rollout settings,
/// temperature 1, G samples per clip, the same seed streams every time) on a fixed held-out set of clips, scored by the
/// accuracy and format rewards. Each measurement goes to <c>probe.jsonl</c> with the accuracy of every clip (what a paired
/// comparison between two points of training needs) and its means to the step's line of <c>metrics.jsonl</c>.
/// </summary>
public sealed class LearningProbe(IReadOnlyList<ManifestItem> items, long seed, string runDir)
{
    public const string FileName = "probe.jsonl";
    public const string AccuracyKey = "probe/accuracy", FormatKey = "probe/format";
    static readonly AccuracyReward Accuracy = new();
    static readonly FormatReward Format = new();

    /// <summary>Samples the policy on every probe clip and records the result as measured after <paramref name="step"/> updates.</summary>
    public IReadOnlyDictionary<string, double> Measure(GrpoStepRunner runner, int step, Func<ManifestItem, VideoClip> loadClip)
    {
        var (groups, _, _) = runner.Sample(items, seed, loadClip);
        var perClip = new List<double>();
        var formats = new List<double>();
        try
        {
            foreach (var group in groups)
            {
                var clipItems = Enumerable.Repeat(group.Item, group.Texts.Count).ToList();
                perClip.Add(Accuracy.Score(group.Texts, clipItems).Average());
                formats.Add(Format.Score(group.Texts, clipItems).Average());
            }
        }
        finally
        {
            foreach (var g in groups) g.Dispose();
        }
        var line = new JsonObject
        {
            ["step"] = step, ["accuracy"] = perClip.Average(), ["format"] = formats.Average(), ["samples"] = runner.Options.NumGenerations,
            ["clips"] = new JsonArray(items.Select(i => (JsonNode)i.Id).ToArray()),
            ["clip_accuracy"] = new JsonArray(perClip.Select(a => (JsonNode)a).ToArray()),
        };
        File.AppendAllText(Path.Combine(runDir, FileName), line.ToJsonString() + "\n");
        return new Dictionary<string, double> { [AccuracyKey] = perClip.Average(), [FormatKey] = formats.Average() };
    }

    /// <summary>Drops measurements after <paramref name="step"/> (a resumed run measures them again).</summary>
    public static void TruncateAfter(string runDir, int step) => StepLines.TruncateAfter(Path.Combine(runDir, FileName), step);

    /// <summary>The measurements of a run, in order: step, mean accuracy and format, and the accuracy of each clip.</summary>
    public static IReadOnlyList<(int Step, double Accuracy, double Format, double[] ClipAccuracy)> Read(string runDir)
    {
        string path = Path.Combine(runDir, FileName);
        if (!File.Exists(path)) return [];
        return File.ReadLines(path).Where(l => l.Length > 0).Select(l =>
        {
            using var doc = JsonDocument.Parse(l);
            var r = doc.RootElement;
            return (r.GetProperty("step").GetInt32(), r.GetProperty("accuracy").GetDouble(), r.GetProperty("format").GetDouble(),
                    r.GetProperty("clip_accuracy").EnumerateArray().Select(v => v.GetDouble()).ToArray());
        }).ToList();
    }
}
