using System.Diagnostics;
using R1Omni.Data;
using R1Omni.Runtime;

namespace R1Omni.Evaluation;

/// <summary>
/// Writes a predictions file, for <c>evaluate</c> and folder <c>infer</c> alike: one writer per folder
/// (<see cref="FolderLock"/>); the fingerprint of what produces the responses checked against the stored one; resume
/// from the records already written; and an item whose clip cannot be used (<see cref="UnusableItemException"/>)
/// recorded as an error while the run goes on, up to a limit.
/// </summary>
public sealed class PredictionWriter : IDisposable
{
    /// <summary>A fingerprint entry recorded for the reader but not compared: more or other items may be added to a folder.</summary>
    public const string ManifestKey = "manifest";

    readonly FolderLock _lock;
    readonly TextWriter? _log;

    public PredictionStore Store { get; }

    PredictionWriter(FolderLock folderLock, PredictionStore store, TextWriter? log)
    {
        _lock = folderLock;
        Store = store;
        _log = log;
    }

    /// <summary>
    /// Locks the folder of <paramref name="predictionsPath"/>, refuses stored predictions made under another
    /// <paramref name="fingerprint"/> (naming each entry that differs) or discards them with <paramref name="restart"/>,
    /// records the fingerprint (<see cref="FingerprintPath"/>) and opens the predictions for appending.
    /// </summary>
    /// <param name="what">What the folder is, for messages ("evaluation", "inference").</param>
    public static PredictionWriter Open(string predictionsPath, IReadOnlyDictionary<string, string>? fingerprint, bool restart, TextWriter? log, string what)
    {
        string path = Path.GetFullPath(predictionsPath);
        var folderLock = FolderLock.Acquire(Path.GetDirectoryName(path), what);
        try
        {
            if (fingerprint is not null) CheckFingerprint(path, fingerprint, restart, log);
            return new PredictionWriter(folderLock, PredictionStore.Open(path, log), log);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary><c>DIR/fingerprint.json</c> beside <c>DIR/predictions.jsonl</c>; <c>DIR/NAME.fingerprint.json</c> beside any other <c>NAME.jsonl</c>.</summary>
    public static string FingerprintPath(string predictionsPath)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(predictionsPath))!, name = Path.GetFileName(predictionsPath);
        return Path.Combine(dir, name == EvaluationRunner.PredictionsFile ? FingerprintFile.FileName : Path.GetFileNameWithoutExtension(name) + "." + FingerprintFile.FileName);
    }

    static void CheckFingerprint(string predictions, IReadOnlyDictionary<string, string> now, bool restart, TextWriter? log)
    {
        string path = FingerprintPath(predictions);
        bool stored = File.Exists(predictions) && new FileInfo(predictions).Length > 0;
        if (stored && restart)
        {
            File.Delete(predictions);
            log?.WriteLine($"[eval] restart: discarded the stored {Path.GetFileName(predictions)}");
        }
        else if (stored && FingerprintFile.Read(path) is { } before)
        {
            var differs = FingerprintFile.Differences(before, now, new HashSet<string> { ManifestKey });
            if (differs.Count > 0)
                throw new R1OmniException($"{predictions}: was made by another setup — {string.Join("; ", differs)}. " +
                                          "Write into another folder, or restart (--restart) to discard those predictions.");
        }
        else if (stored)
            log?.WriteLine($"[eval] {predictions} has no {Path.GetFileName(path)} (written before fingerprints were kept); resuming it as this setup's");
        FingerprintFile.Write(path, now);
    }

    /// <summary>
    /// Generates the <paramref name="pending"/> items in batches and appends each record as its batch returns. An item
    /// the response function rejects with <see cref="UnusableItemException"/> is recorded as an error and its batch run
    /// again without it; when more than <paramref name="maxErrors"/> items of the file are errors, the run stops.
    /// </summary>
    public void Generate(IReadOnlyList<ManifestItem> pending, Func<IReadOnlyList<ManifestItem>, IReadOnlyList<string>> generateResponses,
                         int batchSize, int maxErrors, ProgressMeter meter)
    {
        foreach (var chunk in pending.Chunk(batchSize))
        {
            var batch = chunk.ToList();
            while (batch.Count > 0)
            {
                var clock = Stopwatch.StartNew();
                IReadOnlyList<string> responses;
                try { responses = generateResponses(batch); }
                catch (UnusableItemException e) when (batch.Contains(e.Item))
                {
                    Store.Append(PredictionRecord.Failed(e.Item, e.Reason, DateTime.UtcNow));
                    _log?.WriteLine($"[eval] error: {e.Item.Id} ({e.Item.Video}): {e.Reason}; recorded, not scored");
                    batch.Remove(e.Item);
                    meter.Advance(1);
                    if (Store.ErrorCount > maxErrors)
                        throw new R1OmniException($"{Store.Path}: {Store.ErrorCount} items could not be run, more than the limit of {maxErrors} (--max-errors); " +
                                                  $"the last: {e.Item.Id} ({e.Item.Video}): {e.Reason}. They are recorded with their errors; " +
                                                  "fix or remove those clips (a rerun tries them again), or raise --max-errors", e);
                    continue;
                }
                double seconds = clock.Elapsed.TotalSeconds;
                if (responses is null || responses.Count != batch.Count)
                    throw new R1OmniException($"the response function returned {responses?.Count ?? 0} responses for a batch of {batch.Count} items (first: {batch[0].Id})");
                var now = DateTime.UtcNow;
                for (int i = 0; i < batch.Count; i++)
                    Store.Append(PredictionRecord.For(batch[i], responses[i] ?? throw new R1OmniException($"the response function returned null for '{batch[i].Id}'"),
                                                      seconds, batch.Count, now));
                meter.Advance(batch.Count);
                break;
            }
        }
    }

    public void Dispose()
    {
        Store.Dispose();
        _lock.Dispose();
    }
}
