namespace R1Omni.Training;

/// <summary>Learning-rate schedules with HF transformers' semantics (<c>SchedulerType</c>); JSON names are snake_case.</summary>
public enum LrSchedulerType
{
    /// <summary><c>get_cosine_schedule_with_warmup</c>: linear warmup, then half a cosine down to 0 (cold-start SFT).</summary>
    Cosine,
    /// <summary><c>get_linear_schedule_with_warmup</c>: linear warmup, then linear decay to 0 (GRPO, HF default).</summary>
    Linear,
    /// <summary><c>get_constant_schedule</c>: the base rate throughout; warmup is ignored, as in HF.</summary>
    Constant,
    /// <summary><c>get_constant_schedule_with_warmup</c>: linear warmup, then the base rate.</summary>
    ConstantWithWarmup,
}
