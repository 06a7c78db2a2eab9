using System.Text.Json;
using R1Omni.SynthEmo;

namespace R1Omni.Tests.SynthEmo;

/// <summary>
/// Three small worlds of short 64×64 clips, generated once for the SynthEmo tests: A (seed 11, two clips at a
/// time), A again in another folder (same seed, one clip at a time) and B (seed 12). The second A and B are
/// generated side by side to use both cores.
/// </summary>
public sealed class SynthEmoWorlds
{
    public static readonly ClipFormat Format = new(Width: 64, Height: 64, Fps: 8, Seconds: 1.5);

    /// <summary>The in-distribution splits (5 clips per class in all).</summary>
    public static readonly string[] InDistributionSplits = ["cold_start", "rl_train", "test_id"];

    public static SynthEmoOptions Options(int seed, int parallelism = 2) => new()
    {
        Seed = seed,
        PerClassColdStart = 1,
        PerClassRl = 2,
        PerClassTest = 2,
        PerClassOod = 1,
        PerClassPretrain = 1,
        PerClassProbe = 1,
        WrongCueRate = 0.2,
        Format = Format,
        MaxParallelism = parallelism,
    };

    public SynthEmoResult A { get; }
    public SynthEmoResult ASequential { get; }
    public SynthEmoResult B { get; }

    public SynthEmoWorlds()
    {
        A = SynthEmoWorld.Generate(TestPaths.NewTempDir("synthemo-a"), Options(11));
        var sequential = Task.Factory.StartNew(() => SynthEmoWorld.Generate(TestPaths.NewTempDir("synthemo-a-seq"), Options(11, parallelism: 1)),
            TaskCreationOptions.LongRunning);
        B = SynthEmoWorld.Generate(TestPaths.NewTempDir("synthemo-b"), Options(12, parallelism: 1));
        ASequential = sequential.Result;
    }

    /// <summary>The manifest lines of some splits of a generated world.</summary>
    public static IReadOnlyList<JsonElement> Lines(SynthEmoResult world, params string[] splits) =>
        splits.SelectMany(split => File.ReadAllLines(Path.Combine(world.OutDir, split + ".jsonl")))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    internal static DecodedClip Decode(SynthEmoResult world, string video) => DecodedClip.Load(Path.Combine(world.OutDir, video), Format);

    /// <summary>Decodes the clips of the given manifest lines, in parallel (each decode is two ffmpeg processes).</summary>
    internal static DecodedClip[] Decode(SynthEmoResult world, IReadOnlyList<JsonElement> lines)
    {
        var clips = new DecodedClip[lines.Count];
        Parallel.For(0, lines.Count, i => clips[i] = Decode(world, lines[i].GetProperty("video").GetString()!));
        return clips;
    }
}
