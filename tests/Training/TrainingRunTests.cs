using R1Omni.Models.HumanOmni;
using R1Omni.Tests.Inference;
using R1Omni.Training;
using static TorchSharp.torch;

namespace R1Omni.Tests.Training;

/// <summary>The shared run machinery on the tiny HumanOmni checkpoint with a plain language-model loss.</summary>
public class TrainingRunTests
{
    static TrainingConfig Config(string dir) => new()
    {
        OutputDir = dir, LearningRate = 1e-3, LrSchedulerType = LrSchedulerType.Constant, SaveSteps = 2, SaveTotalLimit = 1,
        Tensorboard = true, TrainableParts = ["llm"],
    };

    // Next-token loss of the LLM alone on a fixed id sequence: enough to move the weights.
    static Tensor LmLoss(HumanOmniQwen2ForCausalLM model, long[] ids)
    {
        using var input = tensor(ids).unsqueeze(0);
        var logits = model.Forward(model.Embed(input));
        return nn.functional.cross_entropy(logits[0, ..^1], input[0, 1..]);
    }

    // Two micro-batches accumulated as the mean of their means.
    static double MeanOfTwo(Func<int, Tensor> loss) => TrainingRun.Accumulate(2, i => loss(i) / 2f).Loss;

    [Fact]
    public void StepsSaveLoadableCheckpointsWithStateMetricsAndEvents()
    {
        string dir = TestPaths.NewTempDir();
        var log = new StringWriter();
        using var model = HumanOmniLoader.FromPretrained(TinyCheckpoint.Path);
        var config = Config(dir);
        Assert.Null(TrainingRun.ResumePoint(config, resume: false));
        using (var run = TrainingRun.Open(config, model, TinyCheckpoint.Path, totalSteps: 3, stepsPerEpoch: 3, log, "test"))
        {
            double first = 0;
            while (!run.Done)
            {
                var m = run.Step(() => MeanOfTwo(i => LmLoss(model, [10, 20, 30, 40 + i])), 0, 2 * (run.State.GlobalStep + 1));
                if (m.Step == 1) first = m.Loss;
                Assert.False(m.Skipped);
            }
            Assert.True(run.State.LastMetrics!.Loss < first, log.ToString());
        }
        // save_steps 2 and the final step; save_total_limit 1 keeps only the last.
        Assert.Equal([(3, Path.Combine(dir, "checkpoint-3"))], RunCheckpoints.List(dir));
        string ckpt = Path.Combine(dir, "checkpoint-3");
        var state = TrainerState.Read(ckpt);
        Assert.Equal((3, 3, 1.0, 6), (state.GlobalStep, state.TotalSteps, state.Epoch, state.DataOffset));
        Assert.Equal(3, SchedulerState.Read(ckpt).LastStep);
        foreach (string f in new[] { "config.json", "model.safetensors", "tokenizer.json.gz", "tokenizer_config.json", "generation_config.json",
                                     "bert/vocab.txt", TrainingOptimizer.StateFileName, TrainingRun.ConfigFileName })
            Assert.True(File.Exists(Path.Combine(ckpt, f)), f);
        Assert.Equal([1, 2, 3], MetricsLogger.Read(dir).Select(m => m.Step));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, MetricsLogger.TensorboardFolder), "*", SearchOption.AllDirectories));
        Assert.Contains("step 3/3 loss", log.ToString());

        // The checkpoint is a model folder in its own right, holding the trained weights.
        using var reloaded = HumanOmniLoader.FromPretrained(ckpt);
        Assert.Equal(LmLoss(model, [10, 20, 30, 40]).item<float>(), LmLoss(reloaded, [10, 20, 30, 40]).item<float>());

        var again = Assert.Throws<R1OmniException>(() => TrainingRun.ResumePoint(config, resume: false));
        Assert.Contains("--resume", again.Message);
    }

    [Fact]
    public void ANonFiniteLossSkipsTheUpdateOrAborts()
    {
        using var model = HumanOmniLoader.FromPretrained(TinyCheckpoint.Path);
        var log = new StringWriter();
        using (var run = TrainingRun.Open(Config(TestPaths.NewTempDir()), model, TinyCheckpoint.Path, 3, 3, log, "test"))
        {
            var before = model.LanguageModel.Model.EmbedTokens.weight!.clone();
            var m = run.Step(() => MeanOfTwo(i => LmLoss(model, [1, 2, 3]) * (i == 1 ? float.NaN : 1f)), 0, 2);
            Assert.True(m.Skipped);
            Assert.True(double.IsNaN(m.Loss));
            Assert.Equal(1, run.State.GlobalStep);
            Assert.True(before.equal(model.LanguageModel.Model.EmbedTokens.weight!).all().item<bool>());
            Assert.Contains("warning: step 1: the loss is NaN; update skipped", log.ToString());
            var saved = TrainerState.Read(run.SaveCheckpoint());
            Assert.True(saved.LastMetrics!.Skipped);
            Assert.True(double.IsNaN(saved.LastMetrics.Loss));
            Assert.False(run.Step(() => TrainingRun.Accumulate(1, _ => LmLoss(model, [1, 2, 3])).Loss, 0, 3).Skipped);
        }
        using var abort = TrainingRun.Open(Config(TestPaths.NewTempDir()) with { OnNonFinite = NonFiniteAction.Abort }, model, TinyCheckpoint.Path, 3, 3, log, "test");
        var e = Assert.Throws<R1OmniException>(() => abort.Step(() => TrainingRun.Accumulate(1, _ => LmLoss(model, [1, 2, 3]) * float.PositiveInfinity).Loss, 0, 1));
        Assert.Contains("step 1: the loss is Infinity", e.Message);
    }
}
