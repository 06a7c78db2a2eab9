using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Analysis;
using R1Omni.Data;

namespace R1Omni.Evaluation;

/// <summary>
/// Runs an evaluation around a model that only has to turn a batch of items into response strings: validates the
/// manifest up front, skips items already in predictions.jsonl (resume), appends each new prediction as soon as its
/// batch returns, and finally scores every source in every mode.
/// Output folder: predictions.jsonl, validation.txt, summary.csv, and {source}/{mode}/{metrics.json, per_class.csv, confusion.csv}.
/// </summary>
public static class EvaluationRunner
{
    public const string PredictionsFile = "predictions.jsonl";

    public static EvaluationSummary Run(Manifest manifest, Func<IReadOnlyList<ManifestItem>, IReadOnlyList<string>> generateResponses,
                                        string outDir, EvaluationOptions? options = null)
    {
        options ??= new EvaluationOptions();
        if (options.BatchSize < 1) throw new R1OmniException($"batch size {options.BatchSize} must be at least 1");
        var log = options.Progress;
        Directory.CreateDirectory(outDir);
        int total = manifest.Count;

        ValidationReport? report = null;
        if (options.Validation is { } validation)
        {
            var labelSets = manifest.Items.Select(i => i.Source).Distinct()
                .Select(s => (s, map: LabelSetFor(s, options, [])))
                .Where(x => x.map is not null).ToDictionary(x => x.s, x => x.map!);
            (manifest, report) = ManifestValidator.FilterValid(manifest, validation with { LabelsBySource = labelSets });
            File.WriteAllText(Path.Combine(outDir, "validation.txt"), report.ToString());
            if (!report.IsValid) log?.WriteLine($"[eval] dropped {report.BadIndices.Count} of {report.Total} items up front (see validation.txt)");
        }

        using var store = PredictionStore.Open(Path.Combine(outDir, PredictionsFile), log);
        var pending = manifest.Items.Where(i => !store.IsDone(i.Id)).ToList();
        int resumed = manifest.Count - pending.Count;
        if (resumed > 0) log?.WriteLine($"[eval] resuming: {resumed} of {manifest.Count} items already in {PredictionsFile}");
        var meter = new ProgressMeter(manifest.Count, resumed, log);
        foreach (var batch in pending.Chunk(options.BatchSize))
        {
            var clock = Stopwatch.StartNew();
            var responses = generateResponses(batch);
            double seconds = clock.Elapsed.TotalSeconds;
            if (responses is null || responses.Count != batch.Length)
                throw new R1OmniException($"the response function returned {responses?.Count ?? 0} responses for a batch of {batch.Length} items (first: {batch[0].Id})");
            var now = DateTime.UtcNow;
            for (int i = 0; i < batch.Length; i++)
                store.Append(PredictionRecord.For(batch[i], responses[i] ?? throw new R1OmniException($"the response function returned null for '{batch[i].Id}'"),
                                                  seconds, batch.Length, now));
            meter.Advance(batch.Length);
        }

        var ids = manifest.Items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var records = store.Records.Where(r => ids.Contains(r.Id)).ToList();
        if (records.Count < store.Records.Count)
            log?.WriteLine($"[eval] {store.Records.Count - records.Count} stored predictions are for items not in this manifest; not scored");
        var scores = Score(records, outDir, options);
        return new EvaluationSummary
        {
            Total = total,
            Validation = report,
            Dropped = report?.BadIndices.Count ?? 0,
            Resumed = resumed,
            Generated = pending.Count,
            Unlabelled = records.Count(r => r.Label is null),
            Scores = scores,
        };
    }

    /// <summary>
    /// Scores stored predictions per source and mode, writes {source}/{mode}/… and summary.csv under
    /// <paramref name="outDir"/>, and prints the summary. Unlabelled records are not scored.
    /// </summary>
    public static IReadOnlyList<EvaluationScore> Score(IReadOnlyList<PredictionRecord> records, string outDir, EvaluationOptions? options = null)
    {
        options ??= new EvaluationOptions();
        var scores = new List<EvaluationScore>();
        foreach (var group in records.Where(r => r.Label is not null).GroupBy(r => r.Source).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var labels = group.Select(r => r.Label!).ToList();
            var labelSet = LabelSetFor(group.Key, options, labels)!;
            var responses = group.Select(r => r.Response).ToList();
            foreach (var mode in options.Modes)
            {
                var metrics = EmotionMetrics.Score(labels, responses, labelSet.Labels, new AnswerExtraction(mode, options.Synonyms)) with { Source = group.Key };
                string folder = Path.Combine(outDir, SafeName(group.Key), AnswerExtraction.Name(mode));
                metrics.Save(folder);
                scores.Add(new EvaluationScore(group.Key, mode, metrics, folder));
            }
        }
        Directory.CreateDirectory(outDir);
        DataFrame.SaveCsv(EvaluationSummary.Frame(scores), Path.Combine(outDir, "summary.csv"), cultureInfo: CultureInfo.InvariantCulture);
        foreach (var s in scores) options.Progress?.WriteLine($"[eval] {s.Metrics}");
        return scores;
    }

    static LabelMap? LabelSetFor(string source, EvaluationOptions options, IReadOnlyList<string> labels) =>
        options.LabelSets is not null && options.LabelSets.TryGetValue(source, out var map) ? map
        : LabelMap.ForSource(source)
          ?? (labels.Count == 0 ? null : LabelMap.FromLabels(source, labels.Distinct().Order(StringComparer.Ordinal)));

    static string SafeName(string source) =>
        string.Concat(source.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
