using System.Collections.Concurrent;
using R1Omni.Data;
using R1Omni.Media;
using R1Omni.Models.HumanOmni;
using R1Omni.SynthEmo;
using R1Omni.Tests.Inference;
using R1Omni.Training;
using R1Omni.Training.Grpo;
using static TorchSharp.torch;

namespace R1Omni.Tests.Training.Grpo;

/// <summary>A user-defined reward that records the metadata of the items it scores.</summary>
public sealed class MetadataSeenReward : IRewardFunction
{
    public static readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> Seen = new();
    public string Name => "test_metadata_seen";
    public double[] Score(IReadOnlyList<string> completions, IReadOnlyList<ManifestItem> items)
    {
        foreach (var item in items) Seen.Enqueue(item.Meta);
        return new double[completions.Count];
    }
}

/// <summary>The README's example of a reward that reads item metadata, verbatim.</summary>
public sealed class ClueMentionReward : IRewardFunction
{
    public string Name => "clue_mention";
    public double[] Score(IReadOnlyList<string> completions, IReadOnlyList<ManifestItem> items) =>
        completions.Select((c, i) => items[i].Meta.TryGetValue("clue", out var clue) && c.Contains(clue, StringComparison.OrdinalIgnoreCase) ? 1.0 : 0.0).ToArray();
}

public class RewardMetadataTests
{
    [Fact]
    public void TheReadmesExampleRewardReadsTheClueOfEachItem()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "emer.json");
        File.WriteAllText(path, """
            [{"video": "a.mp4", "clue": "trembling voice", "conversations": [{"from": "human", "value": "<video>\n?"}, {"from": "gpt", "value": "fear"}]},
             {"video": "b.mp4", "conversations": [{"from": "human", "value": "<video>\n?"}, {"from": "gpt", "value": "happy"}]}]
            """);
        var items = ConversationJson.Read(path, Path.GetDirectoryName(path)!, rlvr: true).Items;
        var reward = RewardFunctions.Create(["clue_mention"], "test").Single();
        Assert.Equal([1.0, 0.0], reward.Score(["<think>a Trembling voice</think><answer>fear</answer>", "<think>a trembling voice</think>"], items));
    }

    [Fact]
    public void ACustomRewardReceivesEachItemsMetadataFromTheTrainingData()
    {
        var manifest = ConversationJson.Read(GrpoTestData.TrainJson(2), GrpoTestData.Folder, rlvr: true);
        using var policy = HumanOmniBundle.Load(TinyCheckpoint.Path, ScalarType.Float32, CPU);
        using var reference = FrozenReference.Load(TinyCheckpoint.Path, policy.Model);
        var rewards = RewardFunctions.Create(["test_metadata_seen"], "test");
        using var runner = new GrpoStepRunner(policy, reference.Model, rewards, new GrpoOptions { NumGenerations = 2, MaxCompletionLength = 3 }, RolloutMode.Shared);
        MetadataSeenReward.Seen.Clear();
        using (runner.Rollout(manifest.Items, seed: 3, i => policy.ClipLoader.Load(i.Video, ImageFraming.PadToSquare))) { }

        var seen = MetadataSeenReward.Seen.ToList();
        Assert.Equal(4, seen.Count);   // 2 prompts × G 2
        // SynthEmo's RL conversations carry each clip's cue levels, which match its label's row of the cue table.
        foreach (var (item, meta) in manifest.Items.SelectMany(i => new[] { i, i }).Zip(seen))
            Assert.Equal(CueLevels.Of(new ManifestItem { Id = item.Id, Video = item.Video, Source = item.Source, Meta = meta }, "test"),
                         CueTable.Of(item.Label!).Levels);
    }
}
