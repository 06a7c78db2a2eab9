using System.Diagnostics;
using System.Text.Json.Nodes;
using R1Omni.Presets;
using R1Omni.Prompts;
using R1Omni.Reproduce;
using R1Omni.SynthEmo;
using R1Omni.Tests.SynthEmo;
using R1Omni.Training;
using R1Omni.Training.Grpo;
using R1Omni.Training.Sft;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace R1Omni.Tests.Training.Grpo;

/// <summary>
/// Acceptance of GRPO as a learner of recognition, not of the format (the miniature's model: tiny widths at
/// initializer_range 0.2, SynthEmo's vocabulary; CPU, fixed seeds, a few minutes). A short cold start by the SFT
/// trainer teaches the think/answer format on GRPO's prompt ("&lt;think&gt;cues&lt;/think&gt;\n&lt;answer&gt;label&lt;/answer&gt;")
/// while its answers stay near chance; then GRPO with R1-Omni's rewards (accuracy + format, G 8, β 0.04), and from the
/// same cold start a control with the format reward alone. The learning probe samples the policy on 56 held-out clips
/// (temperature 1, 8 samples each) every <see cref="ProbeSteps"/> steps; the test asserts on the accuracy among the
/// samples that answer, first vs last fifth of training, paired over the clips (<see cref="SeedSummary.Probe"/>): with
/// the accuracy reward it rises by more than twice its standard error; with the format reward alone the format rises
/// as much but that accuracy does not — so a GRPO that only learns to answer fails here.
/// </summary>
[Trait("Category", "Acceptance")]
[Collection(nameof(ProcessWideSettings))]
public class GrpoAcceptanceTests(ITestOutputHelper output)
{
    const int Seed = 21, SftSteps = 200, GrpoSteps = 100, ProbeSteps = 5, PromptsPerStep = 4, MaxCompletion = 20;
    const double SftLearningRate = 5e-3, GrpoLearningRate = 1e-3;

    [Fact]
    public void GrpoLearnsToRecogniseHeldOutClipsAndTheFormatRewardAloneDoesNot()
    {
        // One thread: the tiny model's ops are too small to share, and on a busy 2-core machine a second thread mostly waits.
        int threads = get_num_threads();
        string root = TestPaths.NewTempDir();
        try { ColdStartThenGrpo(root); }
        finally
        {
            set_num_threads(threads);
            Directory.Delete(root, recursive: true);
        }
    }

    void ColdStartThenGrpo(string root)
    {
        var clock = Stopwatch.StartNew();
        var world = SynthEmoWorld.Generate(Path.Combine(root, "world"), new SynthEmoOptions
        {
            Seed = Seed, PerClassColdStart = 4, PerClassRl = 8, PerClassTest = 0, PerClassOod = 0, PerClassProbe = 8,
            Format = SynthEmoWorlds.Format, MaxParallelism = 2,
        });
        string init = Path.Combine(root, "init");
        HumanOmniPresetWriter.Write(init, ReproducePreset.Default(Seed).Model, Seed, ChatTemplateKind.Qwen2VL);

        var log = new StringWriter();
        var sft = SftTrainer.Run(SftConfig.ColdStart with
        {
            Model = init, TrainData = ShortAnswers(Path.Combine(world.OutDir, "cold_start.json")), OutputDir = Path.Combine(root, "sft"),
            MaxSteps = SftSteps, PerDeviceTrainBatchSize = 1, GradientAccumulationSteps = 1, LearningRate = SftLearningRate,
            SaveSteps = SftSteps, LoggingSteps = 50, Tensorboard = false, Threads = 1, Seed = Seed,
        }, resume: false, log);

        var learner = Grpo(root, world.OutDir, sft.LastCheckpoint!, "grpo", RewardFunctions.Default, log);
        var control = Grpo(root, world.OutDir, sft.LastCheckpoint!, "grpo-format-only", [FormatReward.RewardName], log);
        output.WriteLine(log.ToString());
        string report = $"accuracy + format: {Describe(learner)}; format only: {Describe(control)}; {clock.Elapsed.TotalSeconds:F0} s in all";
        output.WriteLine(report);

        Assert.True(learner.Trend.Recognises, report);
        Assert.False(control.Trend.Recognises, report);
        // The control answers as often as the learner: what separates them is recognition, not the format.
        Assert.True(control.LastFormat > 0.9 && learner.LastFormat > 0.9, report);
    }

    sealed record ProbeRun(SeedSummary.ProbeTrend Trend, double FirstFormat, double LastFormat);

    static string Describe(ProbeRun r) =>
        $"accuracy among answers {r.Trend.AnsweredFirst:F3} → {r.Trend.AnsweredLast:F3} (SE {r.Trend.AnsweredStandardError:F3}), " +
        $"sampled accuracy {r.Trend.First:F3} → {r.Trend.Last:F3}, format {r.FirstFormat:F3} → {r.LastFormat:F3} (first vs last fifth)";

    static ProbeRun Grpo(string root, string world, string coldStart, string name, IReadOnlyList<string> rewards, TextWriter log)
    {
        string run = Path.Combine(root, name);
        GrpoTrainer.Run(GrpoConfig.Defaults with
        {
            Model = coldStart, TrainData = Path.Combine(world, "rl_train.json"), OutputDir = run, Rewards = rewards,
            NumGenerations = 8, MaxCompletionLength = MaxCompletion, GradientAccumulationSteps = PromptsPerStep, PromptsPerPass = PromptsPerStep,
            CacheMedia = true, LearningRate = GrpoLearningRate, MaxSteps = GrpoSteps, SaveSteps = GrpoSteps, Seed = Seed,
            ProbeData = Path.Combine(world, "probe.json"), ProbeSteps = ProbeSteps,
            LoggingSteps = 25, Tensorboard = false, Threads = 1, Dtype = "fp32", Device = "cpu",
        }, resume: false, log);
        var points = LearningProbe.Read(run);
        int fifth = Math.Max(1, points.Count / 5);
        return new ProbeRun(SeedSummary.Probe(Seed, run)!, points.Take(fifth).Average(p => p.Format), points.TakeLast(fifth).Average(p => p.Format));
    }

    // A split's conversations asked GRPO's question and answered "<think>cues</think>\n<answer>label</answer>".
    static string ShortAnswers(string conversations)
    {
        var items = JsonNode.Parse(File.ReadAllText(conversations))!.AsArray();
        string dir = Path.GetDirectoryName(conversations)!;
        var labels = File.ReadLines(Path.ChangeExtension(conversations, ".jsonl")).Select(l => JsonNode.Parse(l)!["label"]!.GetValue<string>()).ToList();
        for (int i = 0; i < items.Count; i++)
        {
            var turns = items[i]!["conversations"]!.AsArray();
            turns[0]!["value"] = R1OmniPrompts.SftHumanValue(R1OmniPrompts.QuestionTemplate(R1OmniPrompts.GrpoProblem));
            turns[1]!["value"] = $"<think>cues</think>\n<answer>{labels[i]}</answer>";
        }
        string path = Path.Combine(dir, "short_" + Path.GetFileName(conversations));
        File.WriteAllText(path, items.ToJsonString());
        return path;
    }
}
