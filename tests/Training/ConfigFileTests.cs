using System.Text.Json.Nodes;
using R1Omni.Training;

namespace R1Omni.Tests.Training;

public class ConfigFileTests
{
    static string Write(string json)
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "config.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void DefaultsAreTheColdStartSettings()
    {
        var c = ConfigFile.Load(Write("""{"output_dir": "/tmp/x"}"""), new TrainingConfig());
        Assert.Equal((5, 2, 8, 16), (c.NumTrainEpochs, c.PerDeviceTrainBatchSize, c.GradientAccumulationSteps, c.GlobalBatchSize));
        Assert.Equal((2e-5, LrSchedulerType.Cosine, 0.03), (c.LearningRate, c.LrSchedulerType, c.WarmupRatio));
        Assert.Equal((0.9, 0.999, 1e-8, 0.0, 1.0, 42), (c.AdamBeta1, c.AdamBeta2, c.AdamEpsilon, c.WeightDecay, c.MaxGradNorm, c.Seed));
        Assert.Equal(["mm_projector", "audio_projector", "llm", "bert_gate"], c.TrainableParts);
    }

    [Fact]
    public void GivenKeysOverrideSnakeCaseNamesAndEnums()
    {
        var c = ConfigFile.Load(Write("""
            // comments are allowed
            {"output_dir": "/tmp/x", "learning_rate": 1e-6, "lr_scheduler_type": "constant_with_warmup", "adam_beta2": 0.95,
             "trainable_parts": ["llm"], "on_non_finite": "abort", "per_device_train_batch_size": 1}
            """), new TrainingConfig());
        Assert.Equal((1e-6, LrSchedulerType.ConstantWithWarmup, 0.95, NonFiniteAction.Abort, 1),
                     (c.LearningRate, c.LrSchedulerType, c.AdamBeta2, c.OnNonFinite, c.PerDeviceTrainBatchSize));
        Assert.Equal(["llm"], c.TrainableParts);
    }

    [Fact]
    public void AnUnknownKeyIsNamedWithASuggestion()
    {
        string path = Write("""{"output_dir": "/tmp/x", "learning_rat": 1e-5}""");
        var e = Assert.Throws<R1OmniException>(() => ConfigFile.Load(path, new TrainingConfig()));
        Assert.Contains(path, e.Message);
        Assert.Contains("unknown key 'learning_rat'", e.Message);
        Assert.Contains("did you mean 'learning_rate'", e.Message);
    }

    [Theory]
    [InlineData("""{"output_dir": "/x", "learning_rate": "fast"}""", "'learning_rate'")]
    [InlineData("""{"output_dir": "/x", "lr_scheduler_type": "cosine_restarts"}""", "\"constant_with_warmup\"")]
    [InlineData("""{"output_dir": "/x", "per_device_train_batch_size": 0}""", "'per_device_train_batch_size' must be at least 1")]
    [InlineData("""{"output_dir": "/x", "trainable_parts": ["vision_tower"]}""", "always frozen")]
    [InlineData("""{"output_dir": "/x", "trainable_parts": ["lm"]}""", "unknown part 'lm'")]
    [InlineData("""{"output_dir": "/x", "dtype": "fp16"}""", "'dtype' must be fp32 or bf16")]
    [InlineData("""{"learning_rate": 1e-5}""", "'output_dir'")]
    [InlineData("""[1, 2]""", "expected a JSON object")]
    public void BadValuesNameTheKey(string json, string expected)
    {
        string path = Write(json);
        var e = Assert.Throws<R1OmniException>(() => ConfigFile.Load(path, new TrainingConfig()));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void TheEffectiveConfigListsEveryKeyAndReadsBackEqual()
    {
        var c = ConfigFile.Load(Write("""{"output_dir": "/tmp/x", "seed": 7}"""), new TrainingConfig());
        string written = Path.Combine(TestPaths.NewTempDir(), "effective.json");
        ConfigFile.Write(written, c);
        var keys = JsonNode.Parse(File.ReadAllText(written))!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("gradient_accumulation_steps", keys);
        Assert.Contains("adam_beta1", keys);
        Assert.DoesNotContain("global_batch_size", keys);
        var back = ConfigFile.Load(written, new TrainingConfig());
        Assert.Equal(7, back.Seed);
        Assert.Equal(c.TrainableParts, back.TrainableParts);
        Assert.Equal(c with { TrainableParts = back.TrainableParts }, back);
    }
}
