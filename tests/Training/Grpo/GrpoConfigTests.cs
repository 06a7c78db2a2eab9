using R1Omni.Media;
using R1Omni.Training;
using R1Omni.Training.Grpo;

namespace R1Omni.Tests.Training.Grpo;

public class GrpoConfigTests
{
    [Fact]
    public void DefaultsAreR1OmnisGrpoSettings()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "grpo.json");
        File.WriteAllText(path, """{"output_dir": "run", "model": "cold", "train_data": "rl.json"}""");
        var c = GrpoConfig.Load(path);
        Assert.Equal((8, 0.04, 1e-6, LrSchedulerType.Linear, 0.0), (c.NumGenerations, c.Beta, c.LearningRate, c.LrSchedulerType, c.WarmupRatio));
        Assert.Equal((1, 16, 16, 2, 1), (c.PerDeviceTrainBatchSize, c.GradientAccumulationSteps, c.PromptsPerStep, c.NumTrainEpochs, c.NumIterations));
        Assert.Equal((512, 1.0, 50, 1.0), (c.MaxCompletionLength, c.Temperature, c.TopK, c.TopP));
        Assert.Equal((KlEstimator.K3, LossAggregation.Grpo, RewardScaling.Group), (c.KlEstimator, c.LossType, c.ScaleRewards));
        Assert.Equal(["accuracy", "format"], c.Rewards);
        Assert.Equal(TrainableParts.GrpoDefault, c.TrainableParts);
        Assert.Equal(ImageFraming.PadToSquare, c.Framing);
        Assert.True(c.Options().TrainBert);
        // Relative paths are relative to the config file.
        Assert.Equal(Path.Combine(Path.GetDirectoryName(path)!, "cold"), c.Model);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(path)!, "rl.json"), c.TrainData);
    }

    [Theory]
    [InlineData("grpo-r1omni.json")]
    [InlineData("grpo-synthemo.json")]
    public void TheExampleConfigsAreValid(string name)
    {
        var c = GrpoConfig.Load(TestPaths.Data("configs", name));
        Assert.Equal(["accuracy", "format"], c.Rewards);
        Assert.Equal(8, c.NumGenerations);
        Assert.Equal(c.TrainableParts.Contains("bert_model"), c.Options().TrainBert);
    }

    [Fact]
    public void FreezingBertTurnsOffItsGradient()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "grpo.json");
        File.WriteAllText(path, """{"output_dir": "run", "model": "m", "train_data": "d.json", "trainable_parts": ["llm", "mm_projector", "bert_gate"]}""");
        Assert.False(GrpoConfig.Load(path).Options().TrainBert);
    }
}
