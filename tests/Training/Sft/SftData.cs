using System.Text.Json.Nodes;
using R1Omni.SynthEmo;
using R1Omni.Tests.Inference;

namespace R1Omni.Tests.Training.Sft;

/// <summary>A small SynthEmo world (one cold-start clip per label, 64×64, 1.5 s) and config files for the tiny checkpoint.</summary>
public static class SftData
{
    static readonly Lazy<string> World = new(() => SynthEmoWorld.Generate(TestPaths.NewTempDir("sft-world"), new SynthEmoOptions
    {
        Seed = 21, PerClassColdStart = 1, PerClassRl = 0, PerClassTest = 0, PerClassOod = 0,
        Format = new ClipFormat(Width: 64, Height: 64, Fps: 8, Seconds: 1.5), MaxParallelism = 2,
    }).OutDir);

    public static string WorldDir => World.Value;

    /// <summary>The first <paramref name="count"/> cold-start conversations as their own JSON file (videos stay relative to the world).</summary>
    public static string ColdStart(int count)
    {
        string path = Path.Combine(WorldDir, $"cold_start_{count}.json");
        lock (World)
            if (!File.Exists(path))
            {
                var items = JsonNode.Parse(File.ReadAllText(Path.Combine(WorldDir, "cold_start.json")))!.AsArray();
                File.WriteAllText(path, new JsonArray(items.Take(count).Select(i => i!.DeepClone()).ToArray()).ToJsonString());
            }
        return path;
    }

    /// <summary>Writes an SFT config for the tiny checkpoint: <paramref name="settings"/> over a small fast run's keys.</summary>
    public static string Config(string outputDir, JsonObject settings)
    {
        var o = new JsonObject
        {
            ["model"] = TinyCheckpoint.Path, ["train_data"] = ColdStart(4), ["output_dir"] = outputDir, ["max_steps"] = 4,
            ["per_device_train_batch_size"] = 1, ["gradient_accumulation_steps"] = 2, ["learning_rate"] = 1e-3, ["save_steps"] = 2,
            ["save_total_limit"] = 0, ["tensorboard"] = false,
        };
        foreach (var (k, v) in settings) o[k] = v?.DeepClone();
        string path = Path.Combine(TestPaths.NewTempDir("sft-config"), "sft.json");
        File.WriteAllText(path, o.ToJsonString());
        return path;
    }
}
