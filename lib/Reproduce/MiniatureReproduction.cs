using System.Diagnostics;
using System.Globalization;
using System.Text;
using R1Omni.Charts;
using R1Omni.Inference;
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
    public static IReadOnlyList<string> Models => MiniatureRun.Models;
    public const string ResultsFile = "results.csv";

    public static IReadOnlyList<ReproductionRow> Run(string outDir, ReproducePreset preset, int seed, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        var run = new MiniatureRun(outDir, preset, seed, log);
        Directory.CreateDirectory(run.Folder);

        Stage(log, clock, "SynthEmo world", () =>
        {
            var result = run.EnsureWorld();
            log.WriteLine($"  {result.Clips} clips ({result.Rendered} rendered, {result.Cached} cached) in {result.Seconds:F1} s");
        });
        var checkpoints = new Dictionary<string, string>();
        Stage(log, clock, "tiny base model (HumanOmni-0.5B analogue)", () => checkpoints["base"] = run.EnsureBaseModel());
        Stage(log, clock, "cold-start SFT (EMER-SFT analogue)", () => checkpoints["cold_start_sft"] = run.TrainColdStartSft());
        Stage(log, clock, "label-only SFT (MAFW-DFEW-SFT analogue)", () => checkpoints["label_sft"] = run.TrainLabelSft());
        Stage(log, clock, "GRPO from the cold start (R1-Omni analogue)", () => checkpoints["grpo"] = run.TrainGrpo());

        var rows = new List<ReproductionRow>();
        foreach (string model in Models)
            Stage(log, clock, $"evaluate {model}", () => rows.Add(Evaluate(run, model, checkpoints[model], log)));

        WriteResults(rows, Path.Combine(run.Folder, ResultsFile));
        Stage(log, clock, "figures", () => WriteFigures(rows, run.RunsDir, Path.Combine(run.Folder, "figures"), log));
        log.WriteLine($"[reproduce] done in {clock.Elapsed.TotalMinutes:F1} min; {Path.Combine(run.Folder, ResultsFile)}:");
        log.Write(File.ReadAllText(Path.Combine(run.Folder, ResultsFile)));
        return rows;
    }

    static void Stage(TextWriter log, Stopwatch clock, string name, Action action)
    {
        log.WriteLine($"[reproduce] {clock.Elapsed:mm\\:ss} {name}");
        action();
    }

    static ReproductionRow Evaluate(MiniatureRun run, string name, string checkpoint, TextWriter log)
    {
        using var session = HumanOmniInference.Load(checkpoint, ScalarType.Float32, CPU);
        var row = new ReproductionRow(name, run.Evaluate(session, name, "test_id"), run.Evaluate(session, name, "test_ood"));
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
