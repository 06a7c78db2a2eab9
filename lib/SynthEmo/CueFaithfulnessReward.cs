namespace R1Omni.SynthEmo;

/// <summary><c>cue_faithfulness</c>, against hallucinated cues: all ten statements, ±1/10 each (see <see cref="CueAgreementReward"/>).</summary>
public sealed class CueFaithfulnessReward() : CueAgreementReward(RewardName, 0, RationaleParser.Cues.Count)
{
    public const string RewardName = "cue_faithfulness";
}
