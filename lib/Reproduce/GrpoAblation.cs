using R1Omni.Prompts;
using R1Omni.Training.Grpo;

namespace R1Omni.Reproduce;

/// <summary>
/// One GRPO variant of an ablation: the setting it changes from R1-Omni's (<see cref="Adjust"/>; null for the reference
/// run itself, the main <c>runs/grpo</c> stage), its run folder name under <c>runs/</c>, and the modality its prompts
/// carry in training and evaluation.
/// </summary>
public sealed record GrpoAblation(string Group, string Label, string RunName, Func<GrpoConfig, GrpoConfig>? Adjust,
                                  PromptModality Modality = PromptModality.VideoAudio)
{
    public bool IsReference => Adjust is null;
}
