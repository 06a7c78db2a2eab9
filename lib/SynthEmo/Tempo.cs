namespace R1Omni.SynthEmo;

/// <summary>Syllable rate.</summary>
public enum Tempo { Slow, Moderate, Fast }
