using R1Omni.Data;
using R1Omni.Training.Grpo;

namespace R1Omni.Tests.Training.Grpo;

/// <summary>A user-defined reward, found by the registry through its name only: shorter completions score higher.</summary>
public sealed class BrevityReward : IRewardFunction
{
    public string Name => "test_brevity";
    public double[] Score(IReadOnlyList<string> completions, IReadOnlyList<ManifestItem> items) => completions.Select(c => -c.Length / 100.0).ToArray();
}

public class RewardFunctionsTests
{
    [Fact]
    public void BuiltInAndUserDefinedRewardsAreFoundByName()
    {
        var rewards = RewardFunctions.Create(["accuracy", "format", "accuracy_normalized", "test_brevity"], "cfg.json: rewards");
        Assert.IsType<AccuracyReward>(rewards[0]);
        Assert.IsType<FormatReward>(rewards[1]);
        Assert.IsType<NormalizedAccuracyReward>(rewards[2]);
        Assert.Equal([-0.05, -0.2], rewards[3].Score(["short", "a much longer answer"], [null!, null!]));
        Assert.Equal(["accuracy", "format"], RewardFunctions.Default);
    }

    [Fact]
    public void UnknownMissingAndDuplicateNamesAreErrorsNamingTheField()
    {
        var unknown = Assert.Throws<R1OmniException>(() => RewardFunctions.Create(["accuracy", "lenght"], "cfg.json: rewards"));
        Assert.StartsWith("cfg.json: rewards: unknown reward 'lenght'", unknown.Message);
        Assert.Contains("format", unknown.Message);
        Assert.Contains("listed twice", Assert.Throws<R1OmniException>(() => RewardFunctions.Create(["format", "format"], "cfg.json: rewards")).Message);
        Assert.Contains("no reward functions", Assert.Throws<R1OmniException>(() => RewardFunctions.Create([], "cfg.json: rewards")).Message);
    }
}
