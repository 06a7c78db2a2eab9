using R1Omni.Data;

namespace R1Omni.Training.Grpo;

/// <summary>The verifiable answer of an RLVR item: its solution (as <c>load_video_dataset</c> in <c>grpo.py</c> builds
/// it), else one made from its label.</summary>
public static class RewardSolution
{
    public static string Of(ManifestItem item) =>
        item.Solution ?? (item.Label is { } label ? ConversationJson.RlvrSolution(label)
            : throw new R1OmniException($"item '{item.Id}': no 'solution' and no label, so there is nothing to reward against"));

    /// <summary>Checks that completions and items pair up.</summary>
    public static void CheckPairs(string reward, IReadOnlyList<string> completions, IReadOnlyList<ManifestItem> items)
    {
        if (completions.Count != items.Count)
            throw new ArgumentException($"reward '{reward}': {completions.Count} completions for {items.Count} items");
    }
}
