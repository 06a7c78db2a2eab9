namespace R1Omni.SynthEmo;

/// <summary>Mean fundamental frequency of the voice.</summary>
public enum PitchLevel { Low, Mid, High }
