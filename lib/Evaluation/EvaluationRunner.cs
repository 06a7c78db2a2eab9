using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Analysis;
using R1Omni.Data;
using R1Omni.Runtime;

namespace R1Omni.Evaluation;

/// <summary>
/// Runs an evaluation around a model that only has to turn a batch of items into response strings: validates the
/// manifest up front, skips items already in predictions.jsonl (resume), appends each new prediction as soon as its
/// batch returns, and finally scores every source in every mode. One process at a time writes a folder (<see cref="FolderLock"/>).
/// Output folder: predictions.jsonl, validation.txt, summary.csv, and {source}/{mode}/{metrics.json, per_class.csv, confusion.csv}.
/// </summary>
public static class EvaluationRunner
{
    public const string PredictionsFile = "predictions.jsonl", FingerprintFile = "fingerprint.json";
    /// <summary>A fingerprint entry recorded for the reader but not compared: more or other items may be added to a folder.</summary>
    public const string ManifestKey = "manifest";

    public static EvaluationSummary Run(Manifest manifest, Func<IReadOnlyList<ManifestItem>, IReadOnlyList<string>> generateResponses,
                                        string outDir, EvaluationOptions? options = null)
    {
        options ??= new EvaluationOptions();
        if (options.BatchSize < 1) throw new R1OmniException($"batch size {options.BatchSize} must be at least 1");
        var log = options.Progress;
        using var writer = FolderLock.Acquire(outDir, "evaluation");
        CheckFingerprint(outDir, options);
        LabelCheck.Check(manifest.Items.Select(i => (i.Id, i.Source, i.Label)), s => LabelSetFor(s, options, []), $"manifest {manifest.Name}");
        var (valid, report) = UpFront(manifest, outDir, options);
        var byId = UniqueIds(valid);

        using var store = PredictionStore.Open(Path.Combine(outDir, PredictionsFile), log);
        var pending = valid.Items.Where(i => !store.IsDone(i.Id)).ToList();
        int resumed = valid.Count - pending.Count;
        if (resumed > 0) log?.WriteLine($"[eval] resuming: {resumed} of {valid.Count} items already in {PredictionsFile}");
        Generate(pending, generateResponses, store, new ProgressMeter(valid.Count, resumed, log), options.BatchSize);

        // The manifest is the authority on labels and sources, also for predictions stored by an earlier run.
        var records = store.Records.Where(r => byId.ContainsKey(r.Id))
            .Select(r => r with { Label = byId[r.Id].Label, Source = byId[r.Id].Source }).ToList();
        if (records.Count < store.Records.Count)
            log?.WriteLine($"[eval] {store.Records.Count - records.Count} stored predictions are for items not in this manifest; not scored");
        int unlabelled = records.Count(r => r.Label is null);
        if (unlabelled > 0) log?.WriteLine($"[eval] {unlabelled} of {records.Count} items have no label: their predictions are stored but not scored");
        return new EvaluationSummary
        {
            Total = manifest.Count,
            Validation = report,
            Dropped = manifest.Count - valid.Count,
            Resumed = resumed,
            Generated = pending.Count,
            Unlabelled = unlabelled,
            Scores = Score(records, outDir, options),
        };
    }

    /// <summary>
    /// Refuses stored predictions made under another fingerprint (naming each entry that differs), or discards them with
    /// <see cref="EvaluationOptions.Restart"/>; then records this run's fingerprint.
    /// </summary>
    static void CheckFingerprint(string outDir, EvaluationOptions options)
    {
        if (options.Fingerprint is not { } now) return;
        string path = Path.Combine(outDir, FingerprintFile), predictions = Path.Combine(outDir, PredictionsFile);
        bool stored = File.Exists(predictions) && new FileInfo(predictions).Length > 0;
        if (stored && options.Restart)
        {
            File.Delete(predictions);
            options.Progress?.WriteLine($"[eval] restart: discarded the stored {PredictionsFile}");
        }
        else if (stored && !File.Exists(path))
            options.Progress?.WriteLine($"[eval] {predictions} has no {FingerprintFile} (written before fingerprints were kept); resuming it as this setup's");
        else if (stored)
        {
            var before = ReadFingerprint(path);
            var differs = before.Keys.Union(now.Keys).Where(k => k != ManifestKey && before.GetValueOrDefault(k) != now.GetValueOrDefault(k))
                .Order(StringComparer.Ordinal).ToList();
            if (differs.Count > 0)
                throw new R1OmniException($"{outDir}: its {PredictionsFile} was made by another setup — " +
                    string.Join("; ", differs.Select(k => $"{k}: stored '{before.GetValueOrDefault(k) ?? "(none)"}', now '{now.GetValueOrDefault(k) ?? "(none)"}'")) +
                    ". Evaluate into another folder, or restart (--restart) to discard those predictions.");
        }
        var json = new System.Text.Json.Nodes.JsonObject(now.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, (System.Text.Json.Nodes.JsonNode?)kv.Value)));
        AtomicFile.Write(path, temp => File.WriteAllText(temp, json.ToJsonString(new() { WriteIndented = true }) + "\n"));
    }

    static Dictionary<string, string> ReadFingerprint(string path)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new R1OmniException($"{path}: corrupt fingerprint ({e.Message}); restart (--restart) to discard the folder's predictions", e);
        }
    }

    /// <summary>Drops the items the up-front check rejects (labels checked against each source's label set) and writes validation.txt.</summary>
    static (Manifest Valid, ValidationReport? Report) UpFront(Manifest manifest, string outDir, EvaluationOptions options)
    {
        if (options.Validation is not { } validation) return (manifest, null);
        var labelSets = manifest.Items.Select(i => i.Source).Distinct()
            .Select(s => (s, map: LabelSetFor(s, options, [])))
            .Where(x => x.map is not null).ToDictionary(x => x.s, x => x.map!);
        var (valid, report) = ManifestValidator.FilterValid(manifest, validation with { LabelsBySource = labelSets });
        File.WriteAllText(Path.Combine(outDir, "validation.txt"), report.ToString());
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

    static void Generate(IReadOnlyList<ManifestItem> pending, Func<IReadOnlyList<ManifestItem>, IReadOnlyList<string>> generateResponses,
                         PredictionStore store, ProgressMeter meter, int batchSize)
    {
        foreach (var batch in pending.Chunk(batchSize))
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
    }

    /// <summary>
    /// Scores stored predictions per source and mode, writes {source}/{mode}/… (see <see cref="SourceFolder"/>) and summary.csv under
    /// <paramref name="outDir"/>, and prints the summary. Unlabelled records are not scored; labels are checked first (<see cref="LabelCheck"/>).
    /// </summary>
    public static IReadOnlyList<EvaluationScore> Score(IReadOnlyList<PredictionRecord> records, string outDir, EvaluationOptions? options = null)
    {
        options ??= new EvaluationOptions();
        LabelCheck.Check(records.Select(r => (r.Id, r.Source, r.Label)), s => LabelSetFor(s, options, []), "the predictions to score");
        var scores = new List<EvaluationScore>();
        foreach (var group in records.Where(r => r.Label is not null).GroupBy(r => r.Source).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var labels = group.Select(r => r.Label!).ToList();
            var labelSet = LabelSetFor(group.Key, options, labels)!;
            var responses = group.Select(r => r.Response).ToList();
            foreach (var mode in options.Modes)
            {
                var metrics = EmotionMetrics.Score(labels, responses, labelSet.Labels, new AnswerExtraction(mode, options.Synonyms)) with { Source = group.Key };
                string folder = Path.Combine(outDir, SourceFolder(group.Key), AnswerExtraction.Name(mode));
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
