using R1Omni.Training;

namespace R1Omni.Tests.Training;

/// <summary>HF's <c>get_*_schedule_with_warmup</c> factors, against values computed by hand from HF's formulas.</summary>
public class LrScheduleTests
{
    [Fact]
    public void CosineWarmsUpLinearlyThenFollowsHalfACosine()
    {
        var s = new LrSchedule(LrSchedulerType.Cosine, 2e-5, TotalSteps: 10, WarmupSteps: 2);
        Assert.Equal(0.0, s.Factor(0));
        Assert.Equal(0.5, s.Factor(1));
        Assert.Equal(1.0, s.Factor(2));
        // step 3: progress 1/8 → 0.5·(1 + cos(π/8)) = 0.5·(1 + 0.9238795325113)
        Assert.Equal(0.961939766256, s.Factor(3), 10);
        Assert.Equal(0.5, s.Factor(6), 12);           // halfway through the decay
        Assert.Equal(0.0, s.Factor(10), 12);
        Assert.Equal(2e-5 * 0.961939766256, s.LearningRate(3), 15);
    }

    [Fact]
    public void LinearDecaysToZeroAfterWarmup()
    {
        var s = new LrSchedule(LrSchedulerType.Linear, 1e-6, TotalSteps: 10, WarmupSteps: 2);
        Assert.Equal([0.0, 0.5, 1.0, 0.875, 0.5, 0.0], new[] { 0, 1, 2, 3, 6, 10 }.Select(s.Factor));
        var noWarmup = new LrSchedule(LrSchedulerType.Linear, 1e-6, TotalSteps: 4, WarmupSteps: 0);
        Assert.Equal([1.0, 0.75, 0.5, 0.25], Enumerable.Range(0, 4).Select(noWarmup.Factor));
    }

    [Fact]
    public void ConstantIgnoresWarmupAndConstantWithWarmupDoesNot()
    {
        var constant = new LrSchedule(LrSchedulerType.Constant, 1e-4, TotalSteps: 10, WarmupSteps: 4);
        Assert.All(Enumerable.Range(0, 11), i => Assert.Equal(1.0, constant.Factor(i)));
        var withWarmup = new LrSchedule(LrSchedulerType.ConstantWithWarmup, 1e-4, TotalSteps: 10, WarmupSteps: 4);
        Assert.Equal([0.0, 0.25, 0.5, 0.75, 1.0, 1.0], Enumerable.Range(0, 6).Select(withWarmup.Factor));
    }

    [Fact]
    public void WarmupStepsFollowHfRule()
    {
        // Cold start: ≈185 steps × 0.03 = 5.55 → ceil → 6; explicit warmup_steps win over the ratio.
        Assert.Equal(6, LrSchedule.WarmupFor(185, 0, 0.03));
        Assert.Equal(3, LrSchedule.WarmupFor(185, 3, 0.03));
        Assert.Equal(0, LrSchedule.WarmupFor(1913, 0, 0.0));
        var s = LrSchedule.For(new TrainingConfig(), 100);
        Assert.Equal(new LrSchedule(LrSchedulerType.Cosine, 2e-5, 100, 3), s);
    }
}
