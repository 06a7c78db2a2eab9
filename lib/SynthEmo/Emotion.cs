namespace R1Omni.SynthEmo;

/// <summary>DFEW's seven classes in DFEW's label order (1..7, spec §9.3); lower-cased names are R1-Omni's label strings.</summary>
public enum Emotion { Happy, Sad, Neutral, Angry, Surprise, Disgust, Fear }
