using System.Text.Json.Nodes;
using R1Omni.Reproduce;
using R1Omni.Training.Grpo;

namespace R1Omni.Tests.Reproduce;

/// <summary>The learning probe's verdict over seeds: first vs last fifth of the measurements, paired over clips.</summary>
public class SeedSummaryTests
{
    /// <summary>A probe.jsonl whose every sample answers (accuracy among answers = accuracy), as the older layout without answered shares when asked.</summary>
    static string ProbeRun(params double[][] clipAccuracyPerStep) => ProbeRun(clipAccuracyPerStep, clipAccuracyPerStep.Select(c => c.Select(_ => 1.0).ToArray()).ToArray());

    static string ProbeRun(double[][] clipAccuracyPerStep, double[][]? clipAnsweredPerStep)
    {
        string dir = TestPaths.NewTempDir();
        var lines = clipAccuracyPerStep.Select((clips, step) =>
        {
            var line = new JsonObject
            {
                ["step"] = step, ["accuracy"] = clips.Average(), ["format"] = 1.0, ["samples"] = 8,
                ["clip_accuracy"] = new JsonArray(clips.Select(a => (JsonNode)a).ToArray()),
            };
            if (clipAnsweredPerStep is not null)
            {
                line["clip_answered"] = new JsonArray(clipAnsweredPerStep[step].Select(a => (JsonNode)a).ToArray());
                line["clip_answered_correct"] = new JsonArray(clips.Select(a => (JsonNode)a).ToArray());   // every correct sample answered
            }
            return line.ToJsonString();
        });
        File.WriteAllLines(Path.Combine(dir, LearningProbe.FileName), lines);
        return dir;
    }

    [Fact]
    public void ARiseOnEveryClipLearnsAndAFlatProbeDoesNot()
    {
        // Ten measurements: the first and last two form the fifths. Every clip gains 0.5 ± 0.125.
        double[][] rising = Enumerable.Range(0, 10).Select(s => s < 5 ? new[] { 0.0, 0.125, 0.25 } : new[] { 0.5, 0.75, 0.75 }).ToArray();
        var trend = SeedSummary.Probe(3, ProbeRun(rising))!;
        Assert.Equal(3, trend.Seed);
        Assert.Equal(0.125, trend.First, 12);
        Assert.Equal(2.0 / 3, trend.Last, 12);
        // Paired differences 0.5, 0.625, 0.5: sd 0.0722, standard error 0.0417.
        Assert.Equal(0.0722 / Math.Sqrt(3), trend.StandardError, 4);
        Assert.True(trend.Learns);

        // The same mean rise carried by one clip while the others fall is within noise.
        double[][] mixed = Enumerable.Range(0, 10).Select(s => s < 5 ? new[] { 0.0, 0.5, 0.5 } : new[] { 1.0, 0.375, 0.375 }).ToArray();
        Assert.False(SeedSummary.Probe(0, ProbeRun(mixed))!.Learns);

        double[][] flat = Enumerable.Range(0, 10).Select(_ => new[] { 0.125, 0.125, 0.25 }).ToArray();
        var none = SeedSummary.Probe(0, ProbeRun(flat))!;
        Assert.Equal(0, none.Difference, 12);
        Assert.False(none.Learns);

        Assert.Null(SeedSummary.Probe(0, ProbeRun([0.5, 0.5])));                     // one measurement is no trend
    }

    [Fact]
    public void AnsweringMoreOftenIsNotRecognising()
    {
        // Ten measurements, three clips. The policy goes from answering half its samples to all of them, half of the
        // answers correct throughout: the sampled accuracy doubles (0.25 → 0.5), the accuracy among answers stays 0.5.
        double[][] answered = Enumerable.Range(0, 10).Select(s => s < 5 ? new[] { 0.5, 0.5, 0.5 } : new[] { 1.0, 1.0, 1.0 }).ToArray();
        double[][] accuracy = Enumerable.Range(0, 10).Select(s => s < 5 ? new[] { 0.25, 0.125, 0.375 } : new[] { 0.5, 0.375, 0.625 }).ToArray();
        var formatOnly = SeedSummary.Probe(0, ProbeRun(accuracy, answered))!;
        Assert.True(formatOnly.Learns);
        Assert.Equal(0.5, formatOnly.AnsweredFirst, 12);
        Assert.Equal(0.5, formatOnly.AnsweredLast, 12);
        Assert.False(formatOnly.Recognises);

        // Always answering, correct answers rising on every clip: both rise. Per clip (A − R·N)/mean N with N = 1 is
        // A − R, so the ratio's paired standard error equals the accuracy's.
        double[][] always = Enumerable.Range(0, 10).Select(_ => new[] { 1.0, 1.0, 1.0 }).ToArray();
        double[][] rising = Enumerable.Range(0, 10).Select(s => s < 5 ? new[] { 0.0, 0.125, 0.25 } : new[] { 0.5, 0.75, 0.75 }).ToArray();
        var recognising = SeedSummary.Probe(0, ProbeRun(rising, always))!;
        Assert.True(recognising.Recognises);
        Assert.Equal(recognising.Difference, recognising.AnsweredDifference, 12);
        Assert.Equal(recognising.StandardError, recognising.AnsweredStandardError, 12);

        // A probe.jsonl written before answered shares were kept has no accuracy among answers.
        var old = SeedSummary.Probe(0, ProbeRun(rising, null))!;
        Assert.True(old.Learns);
        Assert.True(double.IsNaN(old.AnsweredDifference));
        Assert.False(old.Recognises);
    }
}
