using System.Text.Json;
using System.Text.Json.Nodes;
using R1Omni.Runtime;

namespace R1Omni.Training;

/// <summary>JSON-lines run logs keyed by an integer "step" (metrics, completions): what a resumed run rewinds.</summary>
public static class StepLines
{
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
