using R1Omni.Data;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using R1Omni.Tests.Inference;
using R1Omni.Training;
using R1Omni.Training.Sft;
using static TorchSharp.torch;

namespace R1Omni.Tests.Training.Sft;

/// <summary>The tiny checkpoint, its preprocessor and the frozen features of two clips, shared by the loss tests.</summary>
public sealed class SftLossSession : IDisposable
{
    public HumanOmniBundle Session { get; } = HumanOmniBundle.Load(TinyCheckpoint.Path, ScalarType.Float32, CPU);
    public SftPreprocessor Preprocessor { get; }
    public FrozenFeatureCache Features { get; }

    public SftLossSession()
    {
        Preprocessor = new SftPreprocessor(Session.Tokenizer, Session.Template, 2048);
        Features = new FrozenFeatureCache(Session, keep: true, bertTrains: false);
    }

    public SftExample Example(int clip, string answer) =>
        Preprocessor.Process($"clip{clip}", Path.Combine(SftData.WorldDir, "clips", "cold_start", $"cold_start_{clip:D5}.mp4"),
                             [new(ConversationTurn.Human, R1OmniPrompts.SftHumanValue(R1OmniPrompts.DemoInstruct)), new(ConversationTurn.Gpt, answer)]);

    public void Dispose()
    {
        Features.Dispose();
        Session.Dispose();
    }
}

/// <summary>The SFT loss and the accumulation rule (mean of micro-batch means, the rule of every trainer) on the tiny
/// checkpoint.</summary>
public class SftLossTests(SftLossSession s) : IClassFixture<SftLossSession>
{
    // One optimiser step at learning rate 0: the metrics show the accumulated loss and gradient, the weights stay put
    // for the next test.
    StepMetrics OneStep(string answer0, string answer1, int microBatchSize)
    {
        var data = new[] { s.Example(0, answer0), s.Example(1, answer1) };
        var config = new TrainingConfig { OutputDir = TestPaths.NewTempDir(), Tensorboard = false, SaveSteps = 100, LearningRate = 0 };
        using var run = TrainingRun.Open(config, s.Session.Model, TinyCheckpoint.Path, 10, 10, TextWriter.Null, "test");
        var micro = data.Chunk(microBatchSize).ToList();
        return run.Step(() => SftLoss.Backward(s.Session.Model, micro, s.Features), 0, 2);
    }

    double SampleLoss(string answer, int clip)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return SftLoss.MicroBatch(s.Session.Model, [s.Example(clip, answer)], s.Features).item<float>();
    }

    [Fact]
    public void TheHeadOnLabelledPositionsEqualsFullLogitsWithIgnoreIndex()
    {
        var model = s.Session.Model;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var embeds = model.Embed(tensor(new long[,] { { 5, 6, 7, 8, 9 }, { 10, 11, 12, 0, 0 } }));
        var mask = tensor(new long[,] { { 1, 1, 1, 1, 1 }, { 1, 1, 1, 0, 0 } });
        var labels = tensor(new long[,] { { -100, -100, 7, 8, 9 }, { -100, 11, 12, -100, -100 } });
        var ours = SftLoss.ShiftedCrossEntropy(model.LanguageModel, embeds, mask, labels).item<float>();
        var logits = model.Forward(embeds, mask);
        var full = nn.functional.cross_entropy(logits[.., ..^1].reshape(-1, logits.shape[^1]), labels[.., 1..].reshape(-1), ignore_index: -100).item<float>();
        Assert.Equal(full, ours, 5);
    }

    [Fact]
    public void TwoMicroBatchesOfOneEqualOneBatchOfTwoWhenTokenCountsMatch()
    {
        const string answer = "<think>The brows are raised.</think>\n<answer>surprise</answer>";
        var accumulated = OneStep(answer, answer, microBatchSize: 1);
        var batched = OneStep(answer, answer, microBatchSize: 2);
        Assert.Equal(batched.Loss, accumulated.Loss, 5);
        Assert.Equal(batched.GradNorm, accumulated.GradNorm, 4);
    }

    [Fact]
    public void AccumulationAveragesMicroBatchMeansWhileABatchAveragesTokens()
    {
        // Answers of different lengths: the accumulated loss is the plain mean of the two sample losses, the batched
        // loss weighs each sample by its trained tokens (HumanOmni's forward ignores HF Trainer's num_items_in_batch).
        const string shortAnswer = "<answer>sad</answer>", longAnswer = "<think>The voice is soft and slow, the face pale.</think>\n<answer>sad</answer>";
        double l0 = SampleLoss(shortAnswer, 0), l1 = SampleLoss(longAnswer, 1);
        int n0 = s.Example(0, shortAnswer).TrainedTokens, n1 = s.Example(1, longAnswer).TrainedTokens;
        Assert.NotEqual(n0, n1);
        Assert.Equal((l0 + l1) / 2, OneStep(shortAnswer, longAnswer, microBatchSize: 1).Loss, 5);
        Assert.Equal((l0 * n0 + l1 * n1) / (n0 + n1), OneStep(shortAnswer, longAnswer, microBatchSize: 2).Loss, 5);
    }
}
