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
/// Acceptance: cold-start SFT of the randomly initialised tiny preset on SynthEmo (21 clips) teaches the output format:
/// afterwards the greedy outputs for most held-out clips fully match the format reward's pattern (<c>format_reward</c>
/// of R1-Omni's <c>grpo.py</c>). The slowest test of the suite, hence its own category (the main suite runs it too).
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
        var responses = Responses(result.LastCheckpoint!, test);
        int formatted = responses.Count(r => Format.IsMatch(r));
        double total = clock.Elapsed.TotalSeconds;
        output.WriteLine(log.ToString());
        output.WriteLine($"format: {formatted}/{test.Count}; loss {MetricsLogger.Read(run)[0].Loss:F3} → {result.LastMetrics!.Loss:F3}; " +
                         $"data {prepared:F0} s, training {trained - prepared:F0} s, evaluation {total - trained:F0} s");
        output.WriteLine(responses[0]);
        Assert.True(formatted * 4 >= test.Count * 3, $"only {formatted} of {test.Count} outputs have the format, e.g.: {responses[0]}");
    }

    // Measured: 7/7 held-out clips formatted after 300 steps of one sample at 5e-3 (cosine, warmup 0.03); at 120–200
    // steps the model still stops right after "<answer>" or runs on past the token limit.
    const int Steps = 300, MicroBatch = 1;
    const double LearningRate = 5e-3;

    // Greedy responses to the README demo instruct on squashed frames, as `infer` runs them, in one batch; decoded
    // without special tokens and not stripped, as the format reward reads them.
    static List<string> Responses(string checkpoint, Manifest test)
    {
        using var session = HumanOmniInference.Load(checkpoint, ScalarType.Float32, CPU);
        var clips = test.Items.Select(i => session.Bundle.ClipLoader.Load(i.Video, ImageFraming.Squash)).ToList();
        try
        {
            var results = session.Run(clips, R1OmniPrompts.DemoInstruct, PromptModality.VideoAudio, session.DefaultOptions(maxNewTokens: 200));
            return results.Select(r => session.Bundle.Tokenizer.Decode(r.Tokens, skipSpecialTokens: true)).ToList();
        }
        finally
        {
            foreach (var c in clips) c.Dispose();
        }
    }
}
