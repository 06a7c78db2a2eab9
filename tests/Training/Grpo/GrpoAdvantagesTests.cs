using R1Omni.Training.Grpo;

namespace R1Omni.Tests.Training.Grpo;

public class GrpoAdvantagesTests
{
    const double Tol = 1e-12;

    static void Equal(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], Tol);
    }

    [Fact]
    public void GroupScalingUsesTheUnbiasedStdPlusEpsilon()
    {
        // mean 1, std = sqrt(2/3) (n − 1 = 3), A = (r − 1) / (0.8164966 + 1e-4)
        Equal([-1.2245948897605123, 0, 1.2245948897605123, 0], GrpoObjective.Advantages([0, 1, 2, 1], 4, RewardScaling.Group));
        // Two groups are independent.
        Equal([-1.2245948897605123, 0, 1.2245948897605123, 0, -0.4999000199960008, -0.4999000199960008, -0.4999000199960008, 1.4997000599880024],
              GrpoObjective.Advantages([0, 1, 2, 1, 2, 2, 2, 3], 4, RewardScaling.Group));
    }

    [Fact]
    public void AllRewardsEqualGiveZeroAdvantages()
    {
        Assert.All(GrpoObjective.Advantages([2, 2, 2, 2, 0, 0, 0, 0], 4, RewardScaling.Group), a => Assert.Equal(0.0, a));
        Assert.Equal([true, false], GrpoObjective.ZeroStdGroups([1, 1, 1, 1, 0, 1, 0, 0], 4));
    }

    [Fact]
    public void BatchScalingDividesGroupCentredRewardsByTheBatchStd()
    {
        // Batch std of [0,0,1,1,2,2,2,3] (unbiased) = 1.0606601717798212; group means 0.5 and 2.25.
        Equal([-0.4713600805364547, -0.4713600805364547, 0.4713600805364547, 0.4713600805364547,
               -0.23568004026822734, -0.23568004026822734, -0.23568004026822734, 0.707040120804682],
              GrpoObjective.Advantages([0, 0, 1, 1, 2, 2, 2, 3], 4, RewardScaling.Batch));
    }

    [Fact]
    public void NoScalingOnlyCentres() =>
        Equal([-0.5, -0.5, 0.5, 0.5, -0.25, -0.25, -0.25, 0.75], GrpoObjective.Advantages([0, 0, 1, 1, 2, 2, 2, 3], 4, RewardScaling.None));

    [Fact]
    public void GroupsNeedTwoSamplesAndWholeGroups()
    {
        Assert.Throws<R1OmniException>(() => GrpoObjective.Advantages([1, 2], 1, RewardScaling.Group));
        Assert.Throws<ArgumentException>(() => GrpoObjective.Advantages([1, 2, 3], 2, RewardScaling.Group));
    }
}
