namespace R1Omni.SynthEmo;

/// <summary>Emotion-dependent colouring of the skin.</summary>
public enum FaceTint { None, Rosy, Flushed, Pale }
