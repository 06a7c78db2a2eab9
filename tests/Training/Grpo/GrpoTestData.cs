using System.Text.Json.Nodes;
using R1Omni.SynthEmo;
using R1Omni.Tests.SynthEmo;

namespace R1Omni.Tests.Training.Grpo;

/// <summary>A few SynthEmo rl_train clips (64×64, 1.5 s), generated once for the GRPO tests, and RLVR JSON files over them.</summary>
public static class GrpoTestData
{
    static readonly Lazy<SynthEmoResult> World = new(() => SynthEmoWorld.Generate(TestPaths.NewTempDir("grpo-synthemo"), new SynthEmoOptions
    {
        Seed = 5, PerClassColdStart = 0, PerClassRl = 1, PerClassTest = 0, PerClassOod = 0, Format = SynthEmoWorlds.Format, MaxParallelism = 2,
    }));

    public static string Folder => World.Value.OutDir;

    /// <summary>R1-Omni's RLVR JSON with the first <paramref name="count"/> rl_train items, written into the world's folder.</summary>
    public static string TrainJson(int count)
    {
        var items = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "rl_train.json")))!.AsArray();
        string path = Path.Combine(Folder, $"rl_first{count}.json");
        File.WriteAllText(path, new JsonArray(items.Take(count).Select(i => i!.DeepClone()).ToArray()).ToJsonString());
        return path;
    }
}
