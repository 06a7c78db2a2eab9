namespace R1Omni.SynthEmo;

/// <summary>How the pitch moves over the utterance (wavering = a 5–7 Hz tremor).</summary>
public enum PitchContour { Flat, Rising, Falling, Wavering }
