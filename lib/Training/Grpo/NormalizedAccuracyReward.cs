using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Prompts;

namespace R1Omni.Training.Grpo;

/// <summary>
/// A lenient variant of <see cref="AccuracyReward"/> (not in the reference): both answers are extracted the same way,
/// then case-folded, stripped of trailing full stops and mapped through the synonym table
/// (<c>data/labels/synonyms.json</c>), so "Sadness." earns the reward for "sad".
/// </summary>
public sealed class NormalizedAccuracyReward(SynonymTable synonyms) : IRewardFunction
{
    public const string RewardName = "accuracy_normalized";

    /// <summary>With the default synonym table.</summary>
    public NormalizedAccuracyReward() : this(SynonymTable.Default()) { }

    public string Name => RewardName;
    public SynonymTable Synonyms { get; } = synonyms;

    public double[] Score(IReadOnlyList<string> completions, IReadOnlyList<ManifestItem> items)
    {
        RewardSolution.CheckPairs(Name, completions, items);
        return completions.Select((c, i) => Normalized(c) == Normalized(RewardSolution.Of(items[i])) ? 1.0 : 0.0).ToArray();
    }

    string Normalized(string text) => Synonyms.Normalize(AnswerTag.Answer(text));
}
