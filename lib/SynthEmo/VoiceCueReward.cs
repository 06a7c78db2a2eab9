namespace R1Omni.SynthEmo;

/// <summary>
/// <c>voice_cues</c>, aimed at R1-Omni's limitation that audio cues are used less than visual ones: the five voice
/// statements (pitch, contour, loudness, tempo, quality), ±1/5 each (see <see cref="CueAgreementReward"/>).
/// </summary>
public sealed class VoiceCueReward() : CueAgreementReward(RewardName, RationaleParser.FaceCues, RationaleParser.VoiceCues)
{
    public const string RewardName = "voice_cues";
}
