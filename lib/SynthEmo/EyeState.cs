namespace R1Omni.SynthEmo;

/// <summary>Eye openness of the drawn face (drooping eyes also look down).</summary>
public enum EyeState { Normal, Wide, Narrowed, Drooping }
