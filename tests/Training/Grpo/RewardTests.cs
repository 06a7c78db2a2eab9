using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Training.Grpo;

namespace R1Omni.Tests.Training.Grpo;

public class RewardTests
{
    static ManifestItem Item(string label) => new()
    {
        Id = "x", Video = "/x.mp4", Source = "synthemo", Label = label, Solution = ConversationJson.RlvrSolution(label),
    };

    static double Score(IRewardFunction f, string completion, string label = "sad") => f.Score([completion], [Item(label)])[0];

    [Theory]
    [InlineData("<think>a frown</think>\n<answer>sad</answer>", 1)]
    [InlineData("<think>x</think><answer> sad </answer>", 1)]        // both sides stripped
    [InlineData("<answer>Sad</answer>", 0)]                           // case-sensitive
    [InlineData("<answer>sadness</answer>", 0)]                       // no synonyms
    [InlineData("<answer>sad</answer><answer>happy</answer>", 1)]     // first match
    [InlineData("<answer>happy</answer> <answer>sad</answer>", 0)]
    [InlineData("<answer>\nsad\n</answer>", 0)]                       // no DOTALL: falls back to the whole text
    [InlineData("  sad \n", 1)]                                       // no tags: the whole completion, stripped
    [InlineData("", 0)]
    [InlineData("<answer></answer>", 0)]                              // an empty answer
    public void AccuracyIsExactMatchOfTheFirstAnswerGroup(string completion, double expected) =>
        Assert.Equal(expected, Score(new AccuracyReward(), completion));

    [Fact]
    public void AnEmptyAnswerMatchesOnlyAnEmptySolution()
    {
        var item = new ManifestItem { Id = "x", Video = "/x.mp4", Source = "s", Solution = "<answer>  </answer>" };
        Assert.Equal([1.0, 0.0], new AccuracyReward().Score(["<think>?</think><answer></answer>", "<answer>sad</answer>"], [item, item]));
    }

    [Fact]
    public void TheSolutionFallsBackToTheLabelAndIsRequired()
    {
        var labelled = new ManifestItem { Id = "a", Video = "/a.mp4", Source = "s", Label = "angry" };
        Assert.Equal([1.0], new AccuracyReward().Score(["<answer>angry</answer>"], [labelled]));
        var bare = new ManifestItem { Id = "b", Video = "/b.mp4", Source = "s" };
        var e = Assert.Throws<R1OmniException>(() => new AccuracyReward().Score(["sad"], [bare]));
        Assert.Contains("'b'", e.Message);
    }

    [Theory]
    [InlineData("<answer>Sadness.</answer>", 1)]
    [InlineData("<think>hmm</think><answer> SAD </answer>", 1)]
    [InlineData("<answer>happy</answer>", 0)]
    [InlineData("<answer>\nsad\n</answer>", 0)]                       // same extraction as the exact reward
    public void NormalizedAccuracyFoldsCaseAndSynonyms(string completion, double expected) =>
        Assert.Equal(expected, Score(new NormalizedAccuracyReward(SynonymTable.Read(TestPaths.Data("labels", "synonyms.json"))), completion));

    [Theory]
    [InlineData("<think>a</think><answer>b</answer>", 1)]
    [InlineData("<think>line 1\nline 2</think>\n\n<answer>sad\n</answer>", 1)]   // DOTALL inside, whitespace between
    [InlineData("<think></think><answer></answer>", 1)]
    [InlineData(" <think>a</think><answer>b</answer>", 0)]                     // nothing before
    [InlineData("<think>a</think><answer>b</answer>\n", 0)]                    // nothing after, not even a newline
    [InlineData("<think>a</think>x<answer>b</answer>", 0)]                     // only whitespace between
    [InlineData("<answer>b</answer>", 0)]
    [InlineData("<think>a</think>", 0)]
    [InlineData("", 0)]
    [InlineData("<think>a</think><answer>b</answer> c </answer>", 1)]          // fullmatch lets the lazy group grow
    public void FormatIsAFullMatchWithDotAll(string completion, double expected) =>
        Assert.Equal(expected, Score(new FormatReward(), completion));

    [Fact]
    public void ScoresPairWithItems() =>
        Assert.Throws<ArgumentException>(() => new FormatReward().Score(["a", "b"], [Item("sad")]));

    [Fact]
    public void FormatComplianceIsTheShareTheFormatRewardAccepts()
    {
        Assert.Equal(50, FormatReward.CompliancePercent(["<think>a</think><answer>b</answer>", "<answer>b</answer>", "", "<think></think>\n<answer>x</answer>"]));
        Assert.Equal(0, FormatReward.CompliancePercent([]));
        Assert.True(FormatReward.Matches("<think>a</think><answer>b</answer>"));
    }
}
