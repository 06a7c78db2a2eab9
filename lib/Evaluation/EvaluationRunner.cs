using R1Omni.Data;
using R1Omni.Runtime;

namespace R1Omni.Evaluation;

/// <summary>
/// Runs an evaluation around a model that only has to turn a batch of items into response strings: checks labels and
/// validates the manifest up front, then writes predictions.jsonl with a <see cref="PredictionWriter"/> (one writer,
/// fingerprint, resume, per-item errors), and finally scores every source in every mode.
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
        LabelCheck.Check(manifest.Items.Select(i => (i.Id, i.Source, i.Label)), s => LabelSetFor(s, options, []), $"manifest {manifest.Name}");
        using var writer = PredictionWriter.Open(Path.Combine(outDir, PredictionsFile), options.Fingerprint, options.Restart, log, "evaluation");
        var (valid, report) = UpFront(manifest, outDir, options);
        var byId = UniqueIds(valid);

        var store = writer.Store;
        var pending = valid.Items.Where(i => !store.IsDone(i.Id)).ToList();
        int resumed = valid.Count - pending.Count;
        if (resumed > 0) log?.WriteLine($"[eval] resuming: {resumed} of {valid.Count} items already in {PredictionsFile}");
        writer.Generate(pending, generateResponses, options.BatchSize, options.MaxErrors, new ProgressMeter(valid.Count, resumed, log));

        // The manifest is the authority on labels and sources, also for predictions stored by an earlier run.
        var records = store.Records.Where(r => byId.ContainsKey(r.Id))
            .Select(r => r with { Label = byId[r.Id].Label, Source = byId[r.Id].Source }).ToList();
        if (records.Count < store.Records.Count)
            log?.WriteLine($"[eval] {store.Records.Count - records.Count} stored predictions are for items not in this manifest; not scored");
        int unlabelled = records.Count(r => r.Label is null);
        if (unlabelled > 0) log?.WriteLine($"[eval] {unlabelled} of {records.Count} items have no label: their predictions are stored but not scored");
        int errors = records.Count(r => r.Error is not null);
        if (errors > 0) log?.WriteLine($"[eval] {errors} of {records.Count} items could not be run (recorded with \"error\" in {PredictionsFile}); they are left out of WAR/UAR");
        return new EvaluationSummary
        {
            Total = manifest.Count,
            Validation = report,
            Dropped = manifest.Count - valid.Count,
            Resumed = resumed,
            Generated = pending.Count,
            Unlabelled = unlabelled,
            Errors = errors,
            Scores = Score(records, outDir, options),
        };
    }

    /// <summary>Drops the items the up-front check rejects (labels checked against each source's label set) and writes validation.txt.</summary>
    static (Manifest Valid, ValidationReport? Report) UpFront(Manifest manifest, string outDir, EvaluationOptions options)
    {
        if (options.Validation is not { } validation) return (manifest, null);
        var labelSets = manifest.Items.Select(i => i.Source).Distinct()
            .Select(s => (s, map: LabelSetFor(s, options, [])))
            .Where(x => x.map is not null).ToDictionary(x => x.s, x => x.map!);
        var (valid, report) = ManifestValidator.FilterValid(manifest, validation with { LabelsBySource = labelSets });
        AtomicFile.WriteAllText(Path.Combine(outDir, "validation.txt"), report.ToString());
        if (!report.IsValid) options.Progress?.WriteLine($"[eval] dropped {report.BadIndices.Count} of {report.Total} items up front (see validation.txt)");
        return (valid, report);
    }

    // Ids key the resume, so a repeated id must stop the run before generation rather than hours into it.
    static Dictionary<string, ManifestItem> UniqueIds(Manifest manifest)
    {
        var byId = new Dictionary<string, ManifestItem>(StringComparer.Ordinal);
        foreach (var item in manifest.Items)
            if (!byId.TryAdd(item.Id, item))
                throw new R1OmniException($"manifest {manifest.Name}: id '{item.Id}' occurs more than once (validate the manifest, or keep the up-front validation on)");
        return byId;
    }

    /// <summary>
    /// Scores stored predictions per source and mode, writes {source}/{mode}/… (see <see cref="SourceFolder"/>) and summary.csv under
    /// <paramref name="outDir"/>, and prints the summary. Labels are checked first (<see cref="LabelCheck"/>). Unlabelled records
    /// are not scored; nor are error records (items that could not be run), which are counted per source instead: WAR and
    /// UAR are over the items that have a response.
    /// </summary>
    public static IReadOnlyList<EvaluationScore> Score(IReadOnlyList<PredictionRecord> records, string outDir, EvaluationOptions? options = null)
    {
        options ??= new EvaluationOptions();
        LabelCheck.Check(records.Select(r => (r.Id, r.Source, r.Label)), s => LabelSetFor(s, options, []), "the predictions to score");
        var scores = new List<EvaluationScore>();
        foreach (var all in records.Where(r => r.Label is not null).GroupBy(r => r.Source).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var group = all.Where(r => r.Error is null).ToList();
            int errors = all.Count() - group.Count;
            if (group.Count == 0) throw new R1OmniException($"source '{all.Key}': every one of its {errors} items is an error (see \"error\" in the predictions); nothing to score");
            var labels = group.Select(r => r.Label!).ToList();
            var labelSet = LabelSetFor(all.Key, options, labels)!;
            var responses = group.Select(r => r.Response).ToList();
            foreach (var mode in options.Modes)
            {
                var metrics = EmotionMetrics.Score(labels, responses, labelSet.Labels, new AnswerExtraction(mode, options.Synonyms)) with { Source = all.Key };
                string folder = Path.Combine(outDir, SourceFolder(all.Key), AnswerExtraction.Name(mode));
                metrics.Save(folder);
                scores.Add(new EvaluationScore(all.Key, mode, metrics, folder, errors));
            }
        }
        Directory.CreateDirectory(outDir);
        EmotionMetricsResult.SaveCsv(EvaluationSummary.Frame(scores), Path.Combine(outDir, "summary.csv"));
        foreach (var s in scores) options.Progress?.WriteLine($"[eval] {s.Metrics}");
        return scores;
    }

    static LabelMap? LabelSetFor(string source, EvaluationOptions options, IReadOnlyList<string> labels) =>
        options.LabelSets is not null && options.LabelSets.TryGetValue(source, out var map) ? map
        : LabelMap.ForSource(source)
          ?? (labels.Count == 0 ? null : LabelMap.FromLabels(source, labels.Distinct().Order(StringComparer.Ordinal)));

    /// <summary>
    /// The per-source folder name: the source itself when it is made of letters, digits, '-' and '_' only; otherwise
    /// its characters so restricted plus a hash of the original name, so that no two sources share a folder
    /// ("s.1" and "s_1" would both become "s_1").
    /// </summary>
    public static string SourceFolder(string source)
    {
        string safe = string.Concat(source.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        if (safe == source && source.Length > 0) return source;
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(source)))[..8];
        return safe.Length > 0 ? $"{safe}-{hash}" : hash;
    }
}
