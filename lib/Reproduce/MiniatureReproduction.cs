using System.Diagnostics;
using System.Globalization;
using System.Text;
using R1Omni.Charts;
using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Inference;
using R1Omni.Presets;
using R1Omni.Prompts;
using R1Omni.SynthEmo;
using R1Omni.Training;
using R1Omni.Training.Grpo;
using R1Omni.Training.Sft;
using static TorchSharp.torch;

namespace R1Omni.Reproduce;

/// <summary>
/// The paper's table in miniature (R1-Omni Table 1 on SynthEmo): generate the world, build the tiny base (the
/// HumanOmni-0.5B analogue), run cold-start SFT (EMER-SFT), label-only SFT (MAFW-DFEW-SFT) and GRPO from the cold
/// start (R1-Omni), evaluate the four in distribution and out of distribution, and write <c>results.csv</c>
/// (<c>model,id_war,id_uar,ood_war,ood_uar</c>) and the figures into the run folder. Every stage resumes: a finished
/// stage is skipped and an interrupted training run continues from its last checkpoint.
/// </summary>
public static class MiniatureReproduction
{
    public static readonly string[] Models = ["base", "cold_start_sft", "label_sft", "grpo"];
    public const string ResultsFile = "results.csv";

    /// <summary>
    /// Every model is asked the README demo question (with the think/answer request) that cold-start SFT and GRPO train
    /// on; answers are scored in answer mode (the first &lt;answer&gt; group, else the whole response).
    /// </summary>
    public const string Instruct = R1OmniPrompts.DemoInstruct;

    public static IReadOnlyList<ReproductionRow> Run(string outDir, ReproducePreset preset, int seed, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(outDir);
        string world = Path.Combine(outDir, "synthemo"), models = Path.Combine(outDir, "models"), runs = Path.Combine(outDir, "runs");

        Stage(log, clock, "SynthEmo world", () =>
        {
            var result = SynthEmoWorld.Generate(world, preset.World);
            log.WriteLine($"  {result.Clips} clips ({result.Rendered} rendered, {result.Cached} cached) in {result.Seconds:F1} s");
        });
        string baseModel = Path.Combine(models, "base");
        Stage(log, clock, "tiny base model (HumanOmni-0.5B analogue)", () =>
        {
            if (!File.Exists(Path.Combine(baseModel, "model.safetensors"))) HumanOmniPresetWriter.Write(baseModel, preset.Model, seed);
        });

        string coldStart = "", labelSft = "", grpo = "";
        Stage(log, clock, "cold-start SFT (EMER-SFT analogue)", () =>
            coldStart = Sft(baseModel, Path.Combine(world, "cold_start.json"), Path.Combine(runs, "cold_start_sft"), preset.ColdStartSteps, preset, seed, log));
        Stage(log, clock, "label-only SFT (MAFW-DFEW-SFT analogue)", () =>
            labelSft = Sft(baseModel, Path.Combine(world, "rl_train.json"), Path.Combine(runs, "label_sft"), preset.LabelSftSteps, preset, seed, log));
        Stage(log, clock, "GRPO from the cold start (R1-Omni analogue)", () => grpo = Grpo(coldStart, world, Path.Combine(runs, "grpo"), preset, seed, log));

        var checkpoints = new Dictionary<string, string> { ["base"] = baseModel, ["cold_start_sft"] = coldStart, ["label_sft"] = labelSft, ["grpo"] = grpo };
        var rows = new List<ReproductionRow>();
        foreach (string model in Models)
            Stage(log, clock, $"evaluate {model}", () => rows.Add(Evaluate(model, checkpoints[model], world, Path.Combine(outDir, "eval", model), preset, log)));

        WriteResults(rows, Path.Combine(outDir, ResultsFile));
        Stage(log, clock, "figures", () => WriteFigures(rows, runs, Path.Combine(outDir, "figures"), log));
        log.WriteLine($"[reproduce] done in {clock.Elapsed.TotalMinutes:F1} min; {Path.Combine(outDir, ResultsFile)}:");
        log.Write(File.ReadAllText(Path.Combine(outDir, ResultsFile)));
        return rows;
    }

    static void Stage(TextWriter log, Stopwatch clock, string name, Action action)
    {
        log.WriteLine($"[reproduce] {clock.Elapsed:mm\\:ss} {name}");
        action();
    }

    static string Sft(string model, string data, string runDir, int steps, ReproducePreset preset, int seed, TextWriter log)
    {
        var config = SftConfig.ColdStart with
        {
            Model = model, TrainData = data, OutputDir = runDir, MaxSteps = steps, PerDeviceTrainBatchSize = preset.SftBatchSize,
            GradientAccumulationSteps = 1, LearningRate = preset.SftLearningRate, SaveSteps = Math.Max(1, steps / 2), SaveTotalLimit = 1,
            LoggingSteps = Math.Max(1, steps / 10), Seed = seed, Tensorboard = false,
        };
        var result = SftTrainer.Run(config, resume: true, log);
        return result.LastCheckpoint ?? RunCheckpoints.Latest(runDir)
               ?? throw new R1OmniException($"{runDir}: SFT finished without a checkpoint");
    }

    static string Grpo(string coldStart, string world, string runDir, ReproducePreset preset, int seed, TextWriter log)
    {
        var config = GrpoConfig.Defaults with
        {
            Model = coldStart, TrainData = Path.Combine(world, "rl_train.json"), OutputDir = runDir, MaxSteps = preset.GrpoSteps,
            GradientAccumulationSteps = preset.GrpoPromptsPerStep, NumGenerations = preset.NumGenerations,
            MaxCompletionLength = preset.MaxCompletionLength, LearningRate = preset.GrpoLearningRate,
            SaveSteps = Math.Max(1, preset.GrpoSteps / 2), SaveTotalLimit = 1, LoggingSteps = 1, Seed = seed, Tensorboard = false,
            Dtype = "fp32", Device = "cpu",
        };
        GrpoTrainer.Run(config, resume: true, log);
        return RunCheckpoints.Latest(runDir) ?? throw new R1OmniException($"{runDir}: GRPO finished without a checkpoint");
    }

    static ReproductionRow Evaluate(string name, string checkpoint, string world, string outDir, ReproducePreset preset, TextWriter log)
    {
        using var session = HumanOmniInference.Load(checkpoint, ScalarType.Float32, CPU);
        var options = new EvaluationOptions { BatchSize = preset.EvalBatchSize, Modes = [AnswerMode.Answer, AnswerMode.Raw], Progress = log };
        var generation = session.DefaultOptions(preset.EvalMaxNewTokens);
        EmotionMetricsResult Split(string split)
        {
            var manifest = ManifestJsonl.Read(Path.Combine(world, split + ManifestWriter.ManifestSuffix));
            var summary = ManifestEvaluation.Run(session, manifest, Path.Combine(outDir, split), Instruct, PromptModality.VideoAudio, generation, options, log);
            return summary.Scores.First(s => s.Mode == AnswerMode.Answer).Metrics;
        }
        var row = new ReproductionRow(name, Split("test_id"), Split("test_ood"));
        log.WriteLine($"  {name}: in-distribution WAR {row.InDistribution.War:F1} UAR {row.InDistribution.Uar:F1}; " +
                      $"OOD WAR {row.OutOfDistribution.War:F1} UAR {row.OutOfDistribution.Uar:F1}");
        return row;
    }

    public static void WriteResults(IReadOnlyList<ReproductionRow> rows, string path)
    {
        var csv = new StringBuilder("model,id_war,id_uar,ood_war,ood_uar\n");
        foreach (var r in rows)
            csv.AppendLine(string.Join(",", r.Model, F(r.InDistribution.War), F(r.InDistribution.Uar), F(r.OutOfDistribution.War), F(r.OutOfDistribution.Uar)));
        File.WriteAllText(path, csv.ToString());
        static string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
    }

    static void WriteFigures(IReadOnlyList<ReproductionRow> rows, string runs, string dir, TextWriter log)
    {
        FigureExport.Save(EmotionCharts.WarUar("In distribution (SynthEmo test_id)", rows.Select(r => (r.Model, r.InDistribution)).ToList()), dir, "war_uar_id", log);
        FigureExport.Save(EmotionCharts.DistributionShift("In distribution vs out of distribution (UAR)",
            rows.Select(r => (r.Model, r.InDistribution, r.OutOfDistribution)).ToList()), dir, "id_vs_ood", log);
        FigureExport.Save(EmotionCharts.PerClassRecall("Per-class recall, in distribution", rows.Select(r => (r.Model, r.InDistribution)).ToList()), dir, "per_class_recall", log);
        foreach (var r in rows) FigureExport.Save(EmotionCharts.Confusion($"Confusion, {r.Model} (in distribution)", r.InDistribution), dir, $"confusion_{r.Model}", log);
        if (TrainingCurves.FromMetrics(Path.Combine(runs, "grpo", "metrics.jsonl")) is { } curves) FigureExport.Save(curves, dir, "grpo_training", log);
    }
}
