namespace R1Omni.SynthEmo;

/// <summary>Voice energy.</summary>
public enum Loudness { Soft, Moderate, Loud }
