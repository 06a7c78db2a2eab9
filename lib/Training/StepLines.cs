using System.Text.Json;
using System.Text.Json.Nodes;
using R1Omni.Runtime;

namespace R1Omni.Training;

/// <summary>JSON-lines run logs keyed by an integer "step" (metrics, completions): what a resumed run rewinds.</summary>
public static class StepLines
{
    /// <summary>
    /// The lines of a log as JSON, in order. A torn last line (a kill or a full disk while it was written) is left out,
    /// as resuming drops it; a malformed line before the last is an error naming the file and line.
    /// </summary>
    public static IReadOnlyList<JsonNode> Read(string path)
    {
        if (!File.Exists(path)) return [];
        var lines = File.ReadAllLines(path);
        var nodes = new List<JsonNode>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            try { nodes.Add(JsonNode.Parse(lines[i]) ?? throw new JsonException("null")); }
            catch (JsonException) when (i == lines.Length - 1) { /* the torn last line */ }
            catch (JsonException e) { throw new R1OmniException($"{path}:{i + 1}: malformed JSON line ({e.Message})", e); }
        }
        return nodes;
    }

    /// <summary>Drops the lines of steps after <paramref name="step"/> (a resumed run writes them again) and a torn last line.</summary>
    public static void TruncateAfter(string path, int step)
    {
        if (!File.Exists(path)) return;
        var keep = new List<string>();
        foreach (string line in File.ReadLines(path))
        {
            JsonNode? node;
            try { node = JsonNode.Parse(line); }
            catch (JsonException) { break; }
            if (node?["step"]?.GetValue<int>() is int s && s <= step) keep.Add(line);
        }
        AtomicFile.WriteAllLines(path, keep);
    }
}
