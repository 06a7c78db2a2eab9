namespace R1Omni.SynthEmo;

/// <summary>One row of the cue table: an emotion, its R1-Omni label string and its face and voice cue levels.</summary>
public sealed record EmotionProfile(Emotion Emotion, string Label, FaceCues Face, VoiceCues Voice)
{
    /// <summary>All ten cue levels, face first, in rationale order.</summary>
    public IReadOnlyList<Enum> Levels => [.. Face.Levels, .. Voice.Levels];
}
