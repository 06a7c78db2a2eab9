using R1Omni.Data;
using R1Omni.Training.Grpo;

namespace R1Omni.SynthEmo;

/// <summary>
/// A rationale reward over some of the ten cue slots (beyond the paper): each statement of the completion's &lt;think&gt;
/// (parsed with <see cref="RationaleParser"/>) in slots [<paramref name="first"/>, <paramref name="first"/> +
/// <paramref name="count"/>) earns +1/count when it states the clip's level and −1/count when it states another; a
/// missing or unparsed statement earns nothing. Range −1 to 1. The clip's levels come from the item's metadata
/// (<see cref="CueLevels"/>).
/// </summary>
public abstract class CueAgreementReward(string name, int first, int count) : IRewardFunction
{
    public string Name => name;

    public double[] Score(IReadOnlyList<string> completions, IReadOnlyList<ManifestItem> items)
    {
        RewardSolution.CheckPairs(Name, completions, items);
        return completions.Select((c, i) =>
        {
            var stated = RationaleParser.Parse(c);
            var truth = CueLevels.Of(items[i], $"reward '{Name}'");
            int right = 0, wrong = 0;
            for (int slot = first; slot < first + count; slot++)
                if (stated[slot] is { } level) { if (Equals(level, truth[slot])) right++; else wrong++; }
            return (right - wrong) / (double)count;
        }).ToArray();
    }
}
