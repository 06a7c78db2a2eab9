namespace R1Omni.Training.Grpo;

/// <summary>
/// How centred rewards are scaled into advantages: by the group's std (<see cref="Group"/>, R1-Omni and DeepSeekMath),
/// by the std of the whole rollout batch (<see cref="Batch"/>), or not at all (<see cref="None"/>, Dr. GRPO).
/// The mean subtracted is always the group's.
/// </summary>
public enum RewardScaling { Group, Batch, None }
