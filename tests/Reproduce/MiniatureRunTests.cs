using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Reproduce;
using R1Omni.Training;

namespace R1Omni.Tests.Reproduce;

/// <summary>The run folder's bookkeeping without training: released checkpoints, configured manifests, finished stages and evaluations.</summary>
public class MiniatureRunTests
{
    static MiniatureRun Run(string folder, Dictionary<string, string?>? released = null, Dictionary<string, string?>? manifests = null) =>
        new(folder, ReproducePreset.Quick(0), 0, TextWriter.Null)
        {
            Released = released ?? new Dictionary<string, string?>(), Manifests = manifests ?? new Dictionary<string, string?>(),
        };

    /// <summary>A manifest of three labelled clips (non-empty stand-in files, which is all validation asks).</summary>
    static string WriteManifest(string dir)
    {
        var items = new[] { "happy", "sad", "fear" }.Select((label, i) =>
        {
            string video = Path.Combine(dir, $"clip{i}.mp4");
            File.WriteAllText(video, "x");
            return new ManifestItem { Id = $"clip{i}", Video = video, Label = label, Source = "synthemo" };
        }).ToList();
        string path = Path.Combine(dir, "ood.manifest.jsonl");
        ManifestJsonl.Write(new Manifest("ood", dir, items), path);
        return path;
    }

    [Fact]
    public void ReleasedCheckpointsStandInForStagesAndUnknownModelsAreNamed()
    {
        string dir = TestPaths.NewTempDir();
        var run = Run(Path.Combine(dir, "run"), released: new() { ["grpo"] = "/models/R1-Omni-0.5B", ["base"] = null });
        Assert.Equal("/models/R1-Omni-0.5B", run.EnsureTrained("grpo"));
        Assert.True(run.IsReleased("grpo"));
        Assert.False(run.IsReleased("base"));
        Assert.False(Directory.Exists(run.RunsDir));                                    // nothing trained
        var e = Assert.Throws<R1OmniException>(() => run.EnsureTrained("emer"));
        Assert.Contains("unknown model 'emer' (expected one of base, cold_start_sft, label_sft, grpo)", e.Message);
    }

    [Fact]
    public void AFinishedStageIsItsLastCheckpointOnceItTookItsSteps()
    {
        var run = Run(TestPaths.NewTempDir(), released: new() { ["base"] = "/models/HumanOmni-0.5B" });   // no base model to write
        Assert.Null(run.Finished("cold_start_sft", 30));
        string checkpoint = Path.Combine(run.RunDir("cold_start_sft"), "checkpoint-30");
        Directory.CreateDirectory(checkpoint);
        new TrainerState(30, 30, 4.3, 4, 4, 0, "", null).Write(checkpoint);
        Assert.Equal(checkpoint, run.Finished("cold_start_sft", 30));
        Assert.Null(run.Finished("cold_start_sft", 200));                              // a longer preset continues it
        Assert.Equal(checkpoint, run.TrainColdStartSft());                                   // returned without the trainer
        Assert.Equal(Path.Combine(run.RunDir("grpo"), MetricsLogger.FileName), run.MetricsFile("grpo"));
    }

    [Fact]
    public void AFinishedEvaluationIsScoredFromItsPredictionsWithoutTheModel()
    {
        string dir = TestPaths.NewTempDir();
        var run = Run(Path.Combine(dir, "run"), manifests: new() { ["test_ood"] = WriteManifest(dir) });
        var manifest = run.Manifest("test_ood");
        Assert.Equal(["clip0", "clip1", "clip2"], manifest.Items.Select(i => i.Id));
        Assert.Empty(run.Predictions("grpo", "test_ood"));

        using (var store = PredictionStore.Open(Path.Combine(run.EvalFolder("grpo", "test_ood"), EvaluationRunner.PredictionsFile)))
            foreach (var (item, response) in manifest.Items.Zip(["<think>smile</think><answer>happy</answer>", "<answer>happy</answer>", "fear"]))
                store.Append(PredictionRecord.For(item, response, 1, 1, DateTime.UtcNow));

        var metrics = run.EnsureEvaluated("grpo", "test_ood");
        Assert.Equal(3, metrics.N);
        Assert.Equal(100 * 2 / 3.0, metrics.War, 9);                                   // happy and fear right, sad answered happy
        Assert.Equal(100 / 3.0, run.FormatCompliance("grpo", "test_ood"), 9);           // only the first has the format
        Assert.False(Directory.Exists(run.InitModelDir));                               // no model was written or loaded
        Assert.False(Directory.Exists(run.WorldDir));
    }
}
