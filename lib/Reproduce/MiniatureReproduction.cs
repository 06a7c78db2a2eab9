using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using R1Omni.Charts;
using R1Omni.Evaluation;
using R1Omni.Runtime;
using R1Omni.SynthEmo;
using R1Omni.Training.Grpo;

namespace R1Omni.Reproduce;

/// <summary>
/// The paper's table in miniature (R1-Omni Table 1 on SynthEmo), in the paper's curriculum: generate the world,
/// pretrain the HumanOmni-0.5B analogue from scratch on instruction data, run cold-start SFT (EMER-SFT) and label-only
/// SFT (MAFW-DFEW-SFT) from it and GRPO (R1-Omni) from the cold start, evaluate the four in distribution and out of
/// distribution, and write <c>results.csv</c> (WAR/UAR, then the rationale and modality columns of
/// <see cref="ResultColumns"/>), <c>rationale.json</c> per model and split, and the figures into the run folder. Every
/// stage resumes: a finished stage is skipped and an interrupted training run continues from its last checkpoint.
/// </summary>
public static class MiniatureReproduction
{
    public static IReadOnlyList<string> Models => MiniatureRun.Models;
    public const string ResultsFile = "results.csv", RationaleFile = "rationale.json";

    /// <summary>results.csv's columns after the model, in order (percent).</summary>
    public static IReadOnlyList<string> ResultColumns { get; } =
    [
        "id_war", "id_uar", "ood_war", "ood_uar",
        "id_face_faithfulness", "id_voice_faithfulness", "id_consistency", "id_audio_pair_acc", "id_video_pair_acc",
        "ood_face_faithfulness", "ood_voice_faithfulness", "ood_consistency", "ood_audio_pair_acc", "ood_video_pair_acc",
    ];

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
        Stage(log, clock, "HumanOmni-0.5B analogue: instruction pretraining from scratch", () => checkpoints["base"] = run.TrainBase());
        Stage(log, clock, "cold-start SFT from the base (EMER-SFT analogue)", () => checkpoints["cold_start_sft"] = run.TrainColdStartSft());
        Stage(log, clock, "label-only SFT from the base (MAFW-DFEW-SFT analogue)", () => checkpoints["label_sft"] = run.TrainLabelSft());
        Stage(log, clock, "GRPO from the cold start (R1-Omni analogue)", () => checkpoints["grpo"] = run.TrainGrpo());

        var rows = new List<ReproductionRow>();
        foreach (string model in Models)
            Stage(log, clock, $"evaluate {model}", () => rows.Add(Evaluate(run, model, checkpoints[model], log)));

        WriteResults(rows, Path.Combine(run.Folder, ResultsFile));
        Stage(log, clock, "figures", () => WriteFigures(rows, run.RunsDir, Path.Combine(run.Folder, "figures"), log));
        var media = run.MediaCache;
        log.WriteLine($"[reproduce] decoded media: {media.Misses} clip decodes, {media.Hits} reuses, {media.Bytes / 1e6:F0} MB held");
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
        using var session = run.LoadSession(checkpoint);
        var row = new ReproductionRow(name, run.InstructFor(name), run.Evaluate(session, name, "test_id"), run.Evaluate(session, name, "test_ood"),
                                      Rationale(run, name, "test_id"), Rationale(run, name, "test_ood"));
        log.WriteLine($"  {name}: in-distribution WAR {row.InDistribution.War:F1} UAR {row.InDistribution.Uar:F1}; " +
                      $"OOD WAR {row.OutOfDistribution.War:F1} UAR {row.OutOfDistribution.Uar:F1}; ID {row.IdRationale}");
        return row;
    }

    /// <summary>A model's stored answers on a split scored against SynthEmo's cue table; also written to the split's <c>rationale.json</c>.</summary>
    public static SplitRationale Rationale(MiniatureRun run, string model, string split)
    {
        var predictions = run.Predictions(model, split).Where(p => p.Label is not null).ToList();
        var scores = predictions.Select(p => RationaleMetrics.Score(p.Response, AnswerTagOf(p.Response), CueTable.Of(p.Label!))).ToList();
        var answers = predictions.Select(p => (p.Label!, AnswerTagOf(p.Response))).ToList();
        var result = new SplitRationale(RationaleMetrics.Summarise(scores), RationaleMetrics.Accuracy(answers, RationaleMetrics.AudioOnlyLabels),
                                        RationaleMetrics.Accuracy(answers, RationaleMetrics.VideoOnlyLabels));
        var items = predictions.Zip(scores, (p, s) => new
        {
            id = p.Id, label = p.Label, answer = AnswerTagOf(p.Response), face_faithfulness = s.FaceFaithfulness, voice_faithfulness = s.VoiceFaithfulness,
            consistent = s.Consistent, parsed_statements = s.Parsed,
        });
        var json = new
        {
            model, split, instruct = run.InstructFor(model), responses = result.Rationale.Responses,
            face_faithfulness = Finite(result.Rationale.FaceFaithfulness), voice_faithfulness = Finite(result.Rationale.VoiceFaithfulness),
            consistency = Finite(result.Rationale.Consistency), parsed_share = Finite(result.Rationale.ParsedShare),
            audio_pair_accuracy = Finite(result.AudioPairAccuracy), video_pair_accuracy = Finite(result.VideoPairAccuracy),
            audio_pair_labels = RationaleMetrics.AudioOnlyLabels, video_pair_labels = RationaleMetrics.VideoOnlyLabels, items,
        };
        AtomicFile.WriteAllText(Path.Combine(run.EvalFolder(model, split), RationaleFile), JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return result;
    }

    static double? Finite(double v) => double.IsFinite(v) ? v : null;

    // The evaluation's answer mode: the first <answer> group, else the whole response (stripped).
    static string AnswerTagOf(string response) => Prompts.AnswerTag.Answer(response);

    public static void WriteResults(IReadOnlyList<ReproductionRow> rows, string path)
    {
        var csv = new StringBuilder("model," + string.Join(",", ResultColumns) + "\n");
        foreach (var r in rows) csv.AppendLine(string.Join(",", [r.Model, .. Values(r).Select(F)]));
        AtomicFile.WriteAllText(path, csv.ToString());
        static string F(double v) => double.IsFinite(v) ? v.ToString("F2", CultureInfo.InvariantCulture) : "";
    }

    /// <summary>One row of results.csv as read back: the model and its value per column of <see cref="ResultColumns"/> (NaN where empty).</summary>
    public sealed record ResultRow(string Model, IReadOnlyDictionary<string, double> Values)
    {
        public double this[string column] => Values.TryGetValue(column, out double v) ? v
            : throw new R1OmniException($"results.csv has no column '{column}' (expected one of {string.Join(", ", ResultColumns)})");
    }

    /// <summary>Reads a results.csv that <see cref="WriteResults"/> wrote; another header or a malformed cell is an error naming the file and line.</summary>
    public static IReadOnlyList<ResultRow> ReadResults(string path)
    {
        if (!File.Exists(path)) throw new R1OmniException($"{path}: no results (run `environment/r1omni reproduce` first)");
        var lines = File.ReadAllLines(path);
        string header = "model," + string.Join(",", ResultColumns);
        if (lines.Length == 0 || lines[0] != header)
            throw new R1OmniException($"{path}: line 1 is '{(lines.Length == 0 ? "" : lines[0])}', expected the header '{header}'");
        return lines.Skip(1).Where(l => l.Length > 0).Select((line, i) =>
        {
            var cells = line.Split(',');
            if (cells.Length != ResultColumns.Count + 1)
                throw new R1OmniException($"{path}: line {i + 2} has {cells.Length} cells, expected {ResultColumns.Count + 1}");
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int c = 0; c < ResultColumns.Count; c++)
                values[ResultColumns[c]] = cells[c + 1].Length == 0 ? double.NaN
                    : double.TryParse(cells[c + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
                    : throw new R1OmniException($"{path}: line {i + 2}, column {ResultColumns[c]}: '{cells[c + 1]}' is not a number");
            return new ResultRow(cells[0], values);
        }).ToList();
    }

    /// <summary>A row's values in the order of <see cref="ResultColumns"/> (percent).</summary>
    public static IReadOnlyList<double> Values(ReproductionRow r)
    {
        static IEnumerable<double> Split(SplitRationale s) =>
            [s.Rationale.FaceFaithfulness * 100, s.Rationale.VoiceFaithfulness * 100, s.Rationale.Consistency * 100, s.AudioPairAccuracy * 100, s.VideoPairAccuracy * 100];
        return [r.InDistribution.War, r.InDistribution.Uar, r.OutOfDistribution.War, r.OutOfDistribution.Uar, .. Split(r.IdRationale), .. Split(r.OodRationale)];
    }

    static void WriteFigures(IReadOnlyList<ReproductionRow> rows, string runs, string dir, TextWriter log)
    {
        FigureExport.Save(EmotionCharts.WarUar("In distribution (SynthEmo test_id)", rows.Select(r => (r.Model, r.InDistribution)).ToList()), dir, "war_uar_id", log);
        FigureExport.Save(EmotionCharts.DistributionShift("In distribution vs out of distribution (UAR)",
            rows.Select(r => (r.Model, r.InDistribution, r.OutOfDistribution)).ToList()), dir, "id_vs_ood", log);
        FigureExport.Save(EmotionCharts.PerClassRecall("Per-class recall, in distribution", rows.Select(r => (r.Model, r.InDistribution)).ToList()), dir, "per_class_recall", log);
        foreach (var r in rows) FigureExport.Save(EmotionCharts.Confusion($"Confusion, {r.Model} (in distribution)", r.InDistribution), dir, $"confusion_{r.Model}", log);
        if (TrainingCurves.Grpo(Path.Combine(runs, "grpo", "metrics.jsonl"), "GRPO: training reward and the held-out probe") is { } curves)
            FigureExport.Save(curves, dir, "grpo_training", log);
        if (ProbeChart(Path.Combine(runs, "grpo")) is { } probe) FigureExport.Save(probe, dir, "grpo_probe", log);
    }

    /// <summary>
    /// The learning probe's sampled accuracy, format and accuracy among answers on the held-out clips against the GRPO
    /// step: accuracy rising with the format while the accuracy among answers stays flat is RL learning to answer, not to recognise.
    /// </summary>
    public static PlotlyFigure? ProbeChart(string grpoRunDir)
    {
        var points = LearningProbe.Read(grpoRunDir);
        if (points.Count == 0) return null;
        var answered = points.Where(p => double.IsFinite(p.AnsweredAccuracy)).ToList();
        return LineChart.Create("GRPO learning probe (held-out clips, temperature 1)", "step", "share of samples",
        [
            new LineSeries("accuracy", points.Select(p => (double)p.Step).ToList(), points.Select(p => p.Accuracy).ToList()),
            new LineSeries("format", points.Select(p => (double)p.Step).ToList(), points.Select(p => p.Format).ToList()),
            new LineSeries("accuracy among answers", answered.Select(p => (double)p.Step).ToList(), answered.Select(p => p.AnsweredAccuracy).ToList()),
        ]);
    }
}
