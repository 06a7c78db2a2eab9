using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Prompts;

namespace R1Omni.Training.Grpo;

/// <summary>
/// <c>accuracy_reward</c> of R1-Omni's <c>src/r1-v/src/open_r1/grpo.py</c>: 1 iff the first
/// <c>&lt;answer&gt;(.*?)&lt;/answer&gt;</c> group of the completion, stripped (else the whole completion stripped),
/// equals that of the solution — case-sensitive exact string equality, no synonyms; the regex runs without DOTALL, so
/// an answer spanning lines falls back to the whole text. Deviation: the reference first tries
/// <c>math_verify.parse</c>/<c>verify</c> and rewards 1 when the two parse to equal mathematical expressions. That path
/// is not replicated; for emotion words it does not fire (neither side parses to an expression), so only completions
/// whose answer is a number or formula equal to the solution's could differ.
/// </summary>
public sealed class AccuracyReward : IRewardFunction
{
    public const string RewardName = "accuracy";
    public string Name => RewardName;

    public double[] Score(IReadOnlyList<string> completions, IReadOnlyList<ManifestItem> items)
    {
        RewardSolution.CheckPairs(Name, completions, items);
        return completions.Select((c, i) => AnswerTag.Answer(c) == AnswerTag.Answer(RewardSolution.Of(items[i])) ? 1.0 : 0.0).ToArray();
    }
}
