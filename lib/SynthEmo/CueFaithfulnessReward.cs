using R1Omni.Data;
using R1Omni.Training.Grpo;

namespace R1Omni.SynthEmo;

/// <summary>
/// <c>cue_faithfulness</c>, a verifiable rationale reward against hallucination (beyond the paper): each cue statement
/// of the completion's &lt;think&gt; (parsed with <see cref="RationaleParser"/>) earns +1/10 when it states the clip's
/// level and −1/10 when it states another; a missing or unparsed statement earns nothing. Range −1 (every cue
/// contradicted) to 1 (all ten right). The clip's levels come from the item's metadata (<see cref="CueLevels"/>).
/// </summary>
public sealed class CueFaithfulnessReward : IRewardFunction
{
    public const string RewardName = "cue_faithfulness";
    public string Name => RewardName;

    public double[] Score(IReadOnlyList<string> completions, IReadOnlyList<ManifestItem> items) =>
        Agreement(Name, completions, items, 0, RationaleParser.Cues.Count);

    /// <summary>Per completion, (right − contradicted) / <paramref name="count"/> over the statements of slots
    /// [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>).</summary>
    internal static double[] Agreement(string reward, IReadOnlyList<string> completions, IReadOnlyList<ManifestItem> items, int first, int count)
    {
        RewardSolution.CheckPairs(reward, completions, items);
        return completions.Select((c, i) =>
        {
            var stated = RationaleParser.Parse(c);
            var truth = CueLevels.Of(items[i], $"reward '{reward}'");
            int right = 0, wrong = 0;
            for (int slot = first; slot < first + count; slot++)
                if (stated[slot] is { } level) { if (Equals(level, truth[slot])) right++; else wrong++; }
            return (right - wrong) / (double)count;
        }).ToArray();
    }
}
