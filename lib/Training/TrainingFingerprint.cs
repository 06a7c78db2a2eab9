using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using R1Omni.Checkpoints;
using R1Omni.Runtime;

namespace R1Omni.Training;

/// <summary>
/// What a training run is made of, kept in its folder's <c>fingerprint.json</c>: the init checkpoint's identity
/// (<see cref="CheckpointIdentity"/>), the contents of every data file the config names (a SHA-256, so a moved file is
/// the same data and an edited one is not), and every other setting of the effective config. Resuming under another
/// fingerprint is refused, naming each difference; settings that only say how the run is logged, saved or cached may change.
/// </summary>
public static class TrainingFingerprint
{
    /// <summary>Settings that change neither the weights nor the metrics of the steps taken.</summary>
    public static readonly IReadOnlySet<string> Bookkeeping = new HashSet<string>(StringComparer.Ordinal)
    {
        "output_dir", "logging_steps", "save_steps", "save_total_limit", "tensorboard", "threads", "log_completions_steps",
        "log_entropy", "cache_features", "cache_media", "on_non_finite",
    };

    public static IReadOnlyDictionary<string, string> Of(TrainingConfig config, string initCheckpoint)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal) { ["init_checkpoint"] = CheckpointIdentity.Of(initCheckpoint) };
        var json = JsonSerializer.SerializeToNode(config, config.GetType(), ConfigFile.Options)!.AsObject();
        foreach (var (key, value) in json)
        {
            if (Bookkeeping.Contains(key) || key == "model") continue;   // the init checkpoint is identified by its files, not its path
            entries[key] = value is JsonValue v && v.TryGetValue(out string? text) && File.Exists(text)
                ? $"sha256 {FileHash(text)}"
                : value?.ToJsonString() ?? "null";
        }
        return entries;
    }

    /// <summary>
    /// Records the fingerprint of a fresh run; on resume (<paramref name="resuming"/>) first refuses a run folder whose
    /// stored fingerprint differs. A run from before fingerprints were kept is resumed with a warning.
    /// </summary>
    public static void Check(string runDir, IReadOnlyDictionary<string, string> now, bool resuming, Action<string> warn)
    {
        string path = Path.Combine(runDir, FingerprintFile.FileName);
        if (resuming && FingerprintFile.Read(path) is { } before)
        {
            var differs = FingerprintFile.Differences(before, now);
            if (differs.Count > 0)
                throw new R1OmniException($"{runDir}: this run was started with another setup — {string.Join("; ", differs)}. " +
                                          "Resume with the settings, init checkpoint and data it started with, or train into another output_dir");
        }
        else if (resuming) warn($"{path} is missing (a run from before fingerprints were kept); recording this setup's");
        FingerprintFile.Write(path, now);
    }

    static string FileHash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }
}
