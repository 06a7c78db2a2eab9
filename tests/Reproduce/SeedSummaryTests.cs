using System.Text.Json.Nodes;
using R1Omni.Reproduce;
using R1Omni.Training.Grpo;

namespace R1Omni.Tests.Reproduce;

/// <summary>The learning probe's verdict over seeds: first vs last fifth of the measurements, paired over clips.</summary>
public class SeedSummaryTests
{
    static string ProbeRun(params double[][] clipAccuracyPerStep)
    {
        string dir = TestPaths.NewTempDir();
        var lines = clipAccuracyPerStep.Select((clips, step) => new JsonObject
        {
            ["step"] = step, ["accuracy"] = clips.Average(), ["format"] = 1.0, ["samples"] = 8,
            ["clip_accuracy"] = new JsonArray(clips.Select(a => (JsonNode)a).ToArray()),
        }.ToJsonString());
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
}
