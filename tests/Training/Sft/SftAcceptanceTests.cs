using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using R1Omni.Data;
using R1Omni.Inference;
using R1Omni.Media;
using R1Omni.Prompts;
using R1Omni.SynthEmo;
using R1Omni.Training;
using R1Omni.Training.Sft;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace R1Omni.Tests.Training.Sft;

/// <summary>
/// Acceptance: cold-start SFT of the tiny preset on SynthEmo teaches the output format. Before training no greedy
/// output has the form; afterwards most held-out clips' outputs fully match the format reward's pattern (spec §8.4).
/// The slowest test of the suite (about a minute on an idle 2-core CPU), hence its own category.
/// </summary>
[Trait("Category", "Acceptance")]
public class SftAcceptanceTests(ITestOutputHelper output)
{
    // format_reward: the whole completion (decoded without special tokens, not stripped), DOTALL.
    static readonly Regex Format = new(@"\A<think>.*?</think>\s*<answer>.*?</answer>\z", RegexOptions.Singleline);

    [Fact]
    public void ColdStartSftLearnsTheThinkAnswerFormat()
    {
        var clock = Stopwatch.StartNew();
        var world = SynthEmoWorld.Generate(TestPaths.NewTempDir("sft-acceptance-world"), new SynthEmoOptions
        {
            Seed = 5, PerClassColdStart = 3, PerClassRl = 0, PerClassTest = 1, PerClassOod = 0,
            Format = new ClipFormat(Width: 64, Height: 64, Fps: 8, Seconds: 1.5), MaxParallelism = 2,
        });
        string init = TestPaths.NewTempDir("sft-acceptance-init");
        Presets.HumanOmniPresetWriter.Write(init, Presets.HumanOmniPreset.Tiny, seed: 1);
        double prepared = clock.Elapsed.TotalSeconds;

        string run = TestPaths.NewTempDir("sft-acceptance-run");
        var config = ConfigFile.Load(SftData.Config(run, new JsonObject
        {
            ["model"] = init, ["train_data"] = Path.Combine(world.OutDir, "cold_start.json"), ["max_steps"] = Steps,
            ["per_device_train_batch_size"] = MicroBatch, ["gradient_accumulation_steps"] = 1, ["learning_rate"] = LearningRate,
            ["save_steps"] = Steps, ["logging_steps"] = 50,
        }), SftConfig.ColdStart);
        var log = new StringWriter();
        var result = SftTrainer.Run(config, resume: false, log);
        double trained = clock.Elapsed.TotalSeconds;

        var test = ConversationJson.Read(Path.Combine(world.OutDir, "test_id.json"), world.OutDir);
        int before = Formatted(init, test, out _), after = Formatted(result.LastCheckpoint!, test, out var samples);
        double total = clock.Elapsed.TotalSeconds;
        output.WriteLine(log.ToString());
        output.WriteLine($"format: {before}/{test.Count} before, {after}/{test.Count} after; final loss {result.LastMetrics!.Loss:F4}; " +
                         $"data {prepared:F0} s, training {trained - prepared:F0} s, evaluation {total - trained:F0} s");
        output.WriteLine(samples[0]);
        Assert.Equal(0, before);
        Assert.True(after * 4 >= test.Count * 3, $"only {after} of {test.Count} outputs have the format, e.g.: {samples[0]}");
    }

    const int Steps = 200, MicroBatch = 2;
    const double LearningRate = 5e-3;

    // Greedy responses to the README demo instruct on squashed frames, as `infer` runs them, in one batch.
    static int Formatted(string checkpoint, Manifest test, out List<string> responses)
    {
        using var session = HumanOmniInference.Load(checkpoint, ScalarType.Float32, CPU);
        var clips = test.Items.Select(i => session.ClipLoader.Load(i.Video, ImageFraming.Squash)).ToList();
        try
        {
            var results = session.Run(clips, R1OmniPrompts.DemoInstruct, PromptModality.VideoAudio, session.DefaultOptions(maxNewTokens: 160));
            responses = results.Select(r => session.Tokenizer.Decode(r.Tokens, skipSpecialTokens: true)).ToList();
            return responses.Count(r => Format.IsMatch(r));
        }
        finally
        {
            foreach (var c in clips) c.Dispose();
        }
    }
}
