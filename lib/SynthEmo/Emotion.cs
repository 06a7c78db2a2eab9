namespace R1Omni.SynthEmo;

/// <summary>DFEW's seven classes in DFEW's label order (1..7, as in <c>data/labels/dfew.json</c>); lower-cased names
/// are R1-Omni's label strings.</summary>
public enum Emotion { Happy, Sad, Neutral, Angry, Surprise, Disgust, Fear }
