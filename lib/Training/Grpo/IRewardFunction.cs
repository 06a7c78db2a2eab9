using R1Omni.Data;

namespace R1Omni.Training.Grpo;

/// <summary>
/// A verifiable reward of GRPO (as <c>accuracy_reward</c> and <c>format_reward</c> in R1-Omni's
/// <c>src/r1-v/src/open_r1/grpo.py</c>). The total reward of a completion is the unweighted sum of the configured
/// functions; each is also logged on its own as <c>rewards/&lt;Name&gt;</c>. To add one: implement this interface in a
/// public class with a public parameterless constructor (in the library or any assembly loaded into the process) and
/// list its <see cref="Name"/> under <c>rewards</c> in the GRPO config; <see cref="RewardFunctions"/> finds it by name.
/// </summary>
public interface IRewardFunction
{
    /// <summary>The name the config lists and the metrics use; unique among the loaded reward functions.</summary>
    string Name { get; }

    /// <summary>
    /// One score per completion. <paramref name="completions"/>[i] is the decoded completion (special tokens skipped, as
    /// the reference decodes) that answers <paramref name="items"/>[i], whose <see cref="ManifestItem.Solution"/> (or label)
    /// is the verifiable answer.
    /// </summary>
    double[] Score(IReadOnlyList<string> completions, IReadOnlyList<ManifestItem> items);
}
