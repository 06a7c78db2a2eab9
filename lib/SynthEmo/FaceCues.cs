namespace R1Omni.SynthEmo;

/// <summary>The visual cue levels of one emotion: what the drawn face shows.</summary>
public sealed record FaceCues(BrowPose Brows, EyeState Eyes, MouthShape Mouth, HeadMotion Head, FaceTint Tint)
{
    /// <summary>The levels in rationale order (brows, eyes, mouth, head, tint).</summary>
    public IReadOnlyList<Enum> Levels => [Brows, Eyes, Mouth, Head, Tint];
}
