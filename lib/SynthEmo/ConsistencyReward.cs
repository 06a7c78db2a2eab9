using R1Omni.Data;
using R1Omni.Prompts;
using R1Omni.Training.Grpo;

namespace R1Omni.SynthEmo;

/// <summary>
/// <c>consistency</c>, a verifiable rationale reward (beyond the paper): 1 when the completion's &lt;answer&gt; is a label
/// that its own stated cues imply through the cue table (<see cref="RationaleMetrics.Implied"/>: the labels whose
/// profile agrees with the most stated cues), else 0 — an answer that contradicts its rationale, or a rationale that
/// states nothing, earns nothing. It needs no metadata: it checks the completion against itself.
/// </summary>
public sealed class ConsistencyReward : IRewardFunction
{
    public const string RewardName = "consistency";
    public string Name => RewardName;

    public double[] Score(IReadOnlyList<string> completions, IReadOnlyList<ManifestItem> items)
    {
        RewardSolution.CheckPairs(Name, completions, items);
        return completions.Select(c => AnswerTag.HasAnswer(c) && RationaleMetrics.Implied(RationaleParser.Parse(c)).Contains(AnswerTag.Answer(c)) ? 1.0 : 0.0).ToArray();
    }
}
