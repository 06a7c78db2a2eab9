using R1Omni.Data;
using R1Omni.Training.Grpo;

namespace R1Omni.SynthEmo;

/// <summary>
/// <c>voice_cues</c>, an intervention aimed at R1-Omni's limitation that audio cues are used less than visual ones:
/// <see cref="CueFaithfulnessReward"/> restricted to the five voice statements (pitch, contour, loudness, tempo,
/// quality), +1/5 for each that states the clip's level and −1/5 for each that states another. Range −1 to 1.
/// </summary>
public sealed class VoiceCueReward : IRewardFunction
{
    public const string RewardName = "voice_cues";
    public string Name => RewardName;

    public double[] Score(IReadOnlyList<string> completions, IReadOnlyList<ManifestItem> items) =>
        CueFaithfulnessReward.Agreement(Name, completions, items, RationaleParser.FaceCues, RationaleParser.VoiceCues);
}
