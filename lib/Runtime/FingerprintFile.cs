using System.Text.Json;
using System.Text.Json.Nodes;

namespace R1Omni.Runtime;

/// <summary>
/// <c>fingerprint.json</c>: what produced a folder's results (predictions or a training run) as flat string entries,
/// written atomically and compared when the folder is resumed, so that results of two setups never mix.
/// </summary>
public static class FingerprintFile
{
    public const string FileName = "fingerprint.json";

    /// <summary>The stored entries, or null when there is no file; a corrupt file is an error naming it.</summary>
    public static IReadOnlyDictionary<string, string>? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new R1OmniException($"{path}: corrupt fingerprint ({e.Message}); start the folder over (--restart, or another folder)", e);
        }
    }

    public static void Write(string path, IReadOnlyDictionary<string, string> entries)
    {
        var json = new JsonObject(entries.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        AtomicFile.WriteAllText(path, json.ToJsonString(new() { WriteIndented = true }) + "\n");
    }

    /// <summary>"key: stored 'a', now 'b'" for every entry that differs (an entry on one side only included), in key order.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, string> now,
                                                    IReadOnlySet<string>? notCompared = null) =>
        stored.Keys.Union(now.Keys)
            .Where(k => notCompared?.Contains(k) != true && stored.GetValueOrDefault(k) != now.GetValueOrDefault(k))
            .Order(StringComparer.Ordinal)
            .Select(k => $"{k}: stored '{stored.GetValueOrDefault(k) ?? "(none)"}', now '{now.GetValueOrDefault(k) ?? "(none)"}'")
            .ToList();
}
