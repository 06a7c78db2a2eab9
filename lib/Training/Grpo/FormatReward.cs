using System.Text.RegularExpressions;
using R1Omni.Data;

namespace R1Omni.Training.Grpo;

/// <summary>
/// <c>format_reward</c> of R1-Omni's <c>src/r1-v/src/open_r1/grpo.py</c>: 1 iff the whole completion matches
/// <c>&lt;think&gt;.*?&lt;/think&gt;\s*&lt;answer&gt;.*?&lt;/answer&gt;</c> with DOTALL (Python <c>re.fullmatch</c>):
/// nothing before or after, any text (newlines included) inside the tags.
/// </summary>
public sealed class FormatReward : IRewardFunction
{
    public const string RewardName = "format";

    // \A…\z is fullmatch (.NET's $ would also accept a trailing newline); Python's \s also covers U+001C..U+001F.
    static readonly Regex Pattern = new(@"\A<think>.*?</think>[\s\u001C-\u001F]*<answer>.*?</answer>\z",
                                        RegexOptions.Singleline | RegexOptions.CultureInvariant);

    public string Name => RewardName;

    public double[] Score(IReadOnlyList<string> completions, IReadOnlyList<ManifestItem> items)
    {
        RewardSolution.CheckPairs(Name, completions, items);
        return completions.Select(c => Matches(c) ? 1.0 : 0.0).ToArray();
    }

    /// <summary>Whether a completion has the think/answer format and nothing around it.</summary>
    public static bool Matches(string completion) => Pattern.IsMatch(completion);

    /// <summary>Format compliance: the percentage of <paramref name="responses"/> the reward would score 1 (0 for none).</summary>
    public static double CompliancePercent(IReadOnlyList<string> responses) =>
        responses.Count == 0 ? 0 : 100.0 * responses.Count(Matches) / responses.Count;
}
