namespace R1Omni.SynthEmo;

/// <summary>The prosodic cue levels of one emotion: what the synthetic voice sounds like.</summary>
public sealed record VoiceCues(PitchLevel Pitch, PitchContour Contour, Loudness Loudness, Tempo Tempo, VoiceQuality Quality)
{
    /// <summary>The levels in rationale order (pitch, contour, loudness, tempo, quality).</summary>
    public IReadOnlyList<Enum> Levels => [Pitch, Contour, Loudness, Tempo, Quality];
}
