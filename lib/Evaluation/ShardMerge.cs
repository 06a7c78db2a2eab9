using R1Omni.Data;
using R1Omni.Runtime;

namespace R1Omni.Evaluation;

/// <summary>
/// The shards of a sharded run (<c>OUT/shard-K-of-N/</c>, see <see cref="Shard"/>) read for merging: every shard must
/// be there, made under one fingerprint (but for its shard entry), and hold only its own items. Its
/// <see cref="Responses"/> answer from the shards' records, so the merge runs through the same writer and scoring as
/// an unsharded run and writes the same files; an item a shard has not run yet stops the merge, naming the shard.
/// </summary>
public sealed class ShardMerge
{
    readonly Dictionary<string, (PredictionRecord Record, Shard Shard)> _records;

    /// <summary>The shards' common fingerprint, without the shard entry.</summary>
    public IReadOnlyDictionary<string, string> Fingerprint { get; }
    public int Count { get; }

    ShardMerge(int count, IReadOnlyDictionary<string, string> fingerprint, Dictionary<string, (PredictionRecord, Shard)> records)
    {
        Count = count;
        Fingerprint = fingerprint;
        _records = records;
    }

    /// <param name="outDir">The folder the shards were written under.</param>
    /// <param name="fileName">The predictions file each shard folder holds.</param>
    public static ShardMerge Read(string outDir, int count, string fileName = EvaluationRunner.PredictionsFile)
    {
        if (count < 1) throw new R1OmniException($"--merge {count}: the number of shards must be at least 1");
        var shards = Enumerable.Range(1, count).Select(k => new Shard(k, count)).ToList();
        var missing = shards.Where(s => !File.Exists(Path.Combine(s.Folder(outDir), fileName))).ToList();
        if (missing.Count > 0)
            throw new R1OmniException($"{outDir}: shard{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)} ha{(missing.Count == 1 ? "s" : "ve")} " +
                                      $"no {fileName} (expected {Path.Combine(missing[0].Folder(outDir), fileName)}); run or resubmit {(missing.Count == 1 ? "it" : "them")}, then merge");
        IReadOnlyDictionary<string, string>? common = null;
        Shard? first = null;
        var records = new Dictionary<string, (PredictionRecord, Shard)>(StringComparer.Ordinal);
        var notCompared = new HashSet<string>(StringComparer.Ordinal) { Shard.FingerprintKey, PredictionWriter.ManifestKey };
        foreach (var shard in shards)
        {
            string path = Path.Combine(shard.Folder(outDir), fileName);
            var fingerprint = FingerprintFile.Read(PredictionWriter.FingerprintPath(path))
                ?? throw new R1OmniException($"{path}: no {FingerprintFile.FileName} beside it, so what made it is unknown; rerun shard {shard} with --restart");
            if (fingerprint.GetValueOrDefault(Shard.FingerprintKey) != shard.ToString())
                throw new R1OmniException($"{path}: its fingerprint says shard '{fingerprint.GetValueOrDefault(Shard.FingerprintKey) ?? "(none)"}', but the folder is shard {shard}");
            if (common is null) (common, first) = (fingerprint, shard);
            else if (FingerprintFile.Differences(common, fingerprint, notCompared) is { Count: > 0 } differs)
                throw new R1OmniException($"{outDir}: shard {shard} was made by another setup than shard {first} — " +
                                          string.Join("; ", differs).Replace("stored '", $"shard {first} '").Replace(", now '", $", shard {shard} '") +
                                          $". Rerun shard {shard} (--restart) with the settings of the others");
            foreach (var record in PredictionStore.ReadAll(path))
            {
                if (Shard.Of(record.Id, count) != shard.Index)
                    throw new R1OmniException($"{path}: item '{record.Id}' belongs to shard {Shard.Of(record.Id, count)}/{count}, not {shard}");
                records[record.Id] = (record, shard);
            }
        }
        var merged = common!.Where(kv => kv.Key != Shard.FingerprintKey).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return new ShardMerge(count, merged, records);
    }

    /// <summary>
    /// Answers each item from its shard: an item recorded as an error stays one (<see cref="UnusableItemException"/>);
    /// items that no shard has run yet are a named error per shard (a shard still running, or killed: resubmit it, it resumes).
    /// </summary>
    public IReadOnlyList<string> Responses(IReadOnlyList<ManifestItem> items)
    {
        var missing = items.Where(i => !_records.ContainsKey(i.Id)).GroupBy(i => Shard.Of(i.Id, Count)).OrderBy(g => g.Key).ToList();
        if (missing.Count > 0)
            throw new R1OmniException("the shards are incomplete: " + string.Join("; ", missing.Select(g =>
                $"shard {g.Key}/{Count} has no prediction for {g.Count()} of its items (e.g. {g.First().Id})")) +
                ". Resubmit those shards (they resume), then merge again");
        if (items.FirstOrDefault(i => _records[i.Id].Record.Error is not null) is { } failed)
            throw new UnusableItemException(failed, _records[failed.Id].Record.Error!);
        return items.Select(i => _records[i.Id].Record.Response).ToList();
    }
}
