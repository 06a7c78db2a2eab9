namespace R1Omni.Training.Grpo;

/// <summary>
/// Outcome advantages of GRPO (spec §8.2 step 11): for each group of G rewards, A = (r − mean) / (std + 1e-4) with the
/// unbiased (n − 1) standard deviation; every token of a completion shares its advantage.
/// </summary>
public static class GrpoAdvantages
{
    public const double Epsilon = 1e-4;
    /// <summary>A group whose std is below this counts as zero-variance (all rewards equal), as torch.isclose judges it.</summary>
    public const double ZeroStdTolerance = 1e-8;

    /// <summary>Advantages for rewards laid out group after group (G consecutive entries per prompt).</summary>
    public static double[] Compute(IReadOnlyList<double> rewards, int groupSize, RewardScaling scaling)
    {
        int groups = GroupCount(rewards, groupSize);
        double batchStd = scaling == RewardScaling.Batch ? UnbiasedStd(rewards.ToArray()) : 0;
        var advantages = new double[rewards.Count];
        for (int g = 0; g < groups; g++)
        {
            var group = rewards.Skip(g * groupSize).Take(groupSize).ToArray();
            double mean = group.Average();
            double scale = scaling switch
            {
                RewardScaling.Group => UnbiasedStd(group) + Epsilon,
                RewardScaling.Batch => batchStd + Epsilon,
                _ => 1.0,
            };
            for (int i = 0; i < groupSize; i++) advantages[g * groupSize + i] = (group[i] - mean) / scale;
        }
        return advantages;
    }

    /// <summary>Per group: true when its rewards have (numerically) zero spread, so it carries no learning signal.</summary>
    public static bool[] ZeroStdGroups(IReadOnlyList<double> rewards, int groupSize)
    {
        int groups = GroupCount(rewards, groupSize);
        return Enumerable.Range(0, groups).Select(g => UnbiasedStd(rewards.Skip(g * groupSize).Take(groupSize).ToArray()) < ZeroStdTolerance).ToArray();
    }

    /// <summary>Sample standard deviation (divides by n − 1), as torch.std computes it by default.</summary>
    public static double UnbiasedStd(IReadOnlyList<double> values)
    {
        if (values.Count < 2) throw new ArgumentException("the unbiased standard deviation needs at least two values");
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    static int GroupCount(IReadOnlyList<double> rewards, int groupSize)
    {
        if (groupSize < 2) throw new R1OmniException($"num_generations must be at least 2 for group advantages, got {groupSize}");
        if (rewards.Count % groupSize != 0) throw new ArgumentException($"{rewards.Count} rewards do not split into groups of {groupSize}");
        return rewards.Count / groupSize;
    }
}
