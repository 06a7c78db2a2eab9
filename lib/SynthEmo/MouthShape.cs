namespace R1Omni.SynthEmo;

/// <summary>Mouth curvature and openness of the drawn face.</summary>
public enum MouthShape { Neutral, Smile, Frown, OpenRound, Stretched, Pressed }
