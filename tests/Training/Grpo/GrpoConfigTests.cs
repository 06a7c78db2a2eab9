using System.Text.Json;
using System.Text.Json.Nodes;
using R1Omni.Media;
using R1Omni.Training;
using R1Omni.Training.Grpo;

namespace R1Omni.Tests.Training.Grpo;

public class GrpoConfigTests
{
    static string Write(string json)
    {
        string dir = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(dir, "cold"));
        File.WriteAllText(Path.Combine(dir, "rl.json"), "[]");
        File.WriteAllText(Path.Combine(dir, "grpo.json"), json);
        return Path.Combine(dir, "grpo.json");
    }

    [Fact]
    public void DefaultsAreR1OmnisGrpoSettingsAndPathsAreRelativeToTheFile()
    {
        string path = Write("""{"output_dir": "run", "model": "cold", "train_data": "rl.json"}""");
        var c = GrpoConfig.Load(path);
        Assert.Equal((8, 0.04, 1e-6, LrSchedulerType.Linear, 0.0), (c.NumGenerations, c.Beta, c.LearningRate, c.LrSchedulerType, c.WarmupRatio));
        Assert.Equal((1, 16, 16, 2, 1), (c.PerDeviceTrainBatchSize, c.GradientAccumulationSteps, c.PromptsPerStep, c.NumTrainEpochs, c.NumIterations));
        Assert.Equal((512, 1.0, 50, 1.0), (c.MaxCompletionLength, c.Temperature, c.TopK, c.TopP));
        Assert.Equal((KlEstimator.K3, LossAggregation.Grpo, RewardScaling.Group), (c.KlEstimator, c.LossType, c.ScaleRewards));
        Assert.Equal(["accuracy", "format"], c.Rewards);
        Assert.Equal(TrainableParts.GrpoDefault, c.TrainableParts);
        Assert.Equal(ImageFraming.PadToSquare, c.Framing);
        Assert.True(c.Options().TrainBert);
        string dir = Path.GetDirectoryName(path)!;
        Assert.Equal((Path.Combine(dir, "cold"), Path.Combine(dir, "rl.json"), Path.Combine(dir, "run")), (c.Model, c.TrainData, c.OutputDir));
    }

    [Theory]
    [InlineData("grpo-r1omni.json", "accuracy format")]
    [InlineData("grpo-synthemo.json", "accuracy format")]
    [InlineData("grpo-synthemo-rationale.json", "accuracy format cue_faithfulness consistency")]
    [InlineData("grpo-synthemo-voice.json", "accuracy format voice_cues")]
    public void TheExampleConfigsUseOnlyKnownKeysAndValidValues(string name, string rewards)
    {
        string path = TestPaths.Data("configs", name);
        var json = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
        var c = ConfigFile.Merge(json, GrpoConfig.Defaults, path);
        Assert.Equal(rewards.Split(' '), c.Rewards);
        Assert.Equal(c.Rewards, RewardFunctions.Create(c.Rewards, path).Select(r => r.Name));
        Assert.Equal(8, c.NumGenerations);
        c.Options().Validate(path);
        Assert.NotNull(c.Model);
        Assert.NotNull(c.TrainData);
    }

    [Fact]
    public void TheR1OmniExampleRestatesTheDefaults()
    {
        string path = TestPaths.Data("configs", "grpo-r1omni.json");
        var json = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
        var c = ConfigFile.Merge(json, GrpoConfig.Defaults, path);
        Assert.Equal(GrpoConfig.Defaults with
        {
            Model = c.Model, TrainData = c.TrainData, DataFolder = c.DataFolder, OutputDir = c.OutputDir, Dtype = c.Dtype, Device = c.Device,
            TrainableParts = c.TrainableParts, Rewards = c.Rewards,
        }, c);
    }

    [Fact]
    public void FreezingBertTurnsOffItsGradientAndMissingInputsAreNamed()
    {
        Assert.False(GrpoConfig.Load(Write("""{"output_dir": "run", "model": "cold", "train_data": "rl.json", "trainable_parts": ["llm", "bert_gate"]}"""))
            .Options().TrainBert);
        var e = Assert.Throws<R1OmniException>(() => GrpoConfig.Load(Write("""{"output_dir": "run", "model": "nowhere", "train_data": "rl.json"}""")));
        Assert.Contains("'model' names", e.Message);
    }
}
