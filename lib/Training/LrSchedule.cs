namespace R1Omni.Training;

/// <summary>
/// A learning-rate schedule as HF builds it for <c>Trainer</c>: a LambdaLR factor of the number of optimiser steps
/// already taken, so the first update uses <c>Factor(0)</c> (0 with warmup), the next <c>Factor(1)</c>, and so on.
/// Warmup steps follow <c>TrainingArguments.get_warmup_steps</c>: <c>warmup_steps</c> if positive, else
/// ceil(total × warmup_ratio). The schedule is a pure function of the step, so its only state is the step count.
/// </summary>
public sealed record LrSchedule(LrSchedulerType Type, double BaseLearningRate, int TotalSteps, int WarmupSteps)
{
    public static LrSchedule For(TrainingConfig config, int totalSteps) =>
        new(config.LrSchedulerType, config.LearningRate, totalSteps, WarmupFor(totalSteps, config.WarmupSteps, config.WarmupRatio));

    public static int WarmupFor(int totalSteps, int warmupSteps, double warmupRatio) =>
        warmupSteps > 0 ? warmupSteps : (int)Math.Ceiling(totalSteps * warmupRatio);

    /// <summary>The multiplier of the base rate for the update after <paramref name="step"/> completed updates.</summary>
    public double Factor(int step)
    {
        if (Type == LrSchedulerType.Constant) return 1.0;
        if (step < WarmupSteps) return (double)step / Math.Max(1, WarmupSteps);
        return Type switch
        {
            LrSchedulerType.ConstantWithWarmup => 1.0,
            LrSchedulerType.Linear => Math.Max(0.0, (double)(TotalSteps - step) / Math.Max(1, TotalSteps - WarmupSteps)),
            // num_cycles = 0.5: half a cosine period from the end of warmup to the last step.
            _ => Math.Max(0.0, 0.5 * (1.0 + Math.Cos(Math.PI * 2.0 * 0.5 * (step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps)))),
        };
    }

    public double LearningRate(int step) => BaseLearningRate * Factor(step);
}
