namespace R1Omni.SynthEmo;

/// <summary>
/// The SynthEmo cue table (documented in data/synthemo/README.md). It is built so that neither modality alone
/// separates all seven classes: angry and disgust share every face cue and differ only in the voice, while sad and
/// fear, and happy and surprise, share every voice cue and differ only in the face. Video alone can reach at most
/// 6/7 accuracy, audio alone 5/7, both together 7/7, which makes modality ablations meaningful.
/// </summary>
public static class CueTable
{
    static readonly VoiceCues Bright = new(PitchLevel.High, PitchContour.Rising, Loudness.Loud, Tempo.Fast, VoiceQuality.Clear);
    static readonly VoiceCues Shaky = new(PitchLevel.Mid, PitchContour.Wavering, Loudness.Soft, Tempo.Slow, VoiceQuality.Breathy);
    static readonly FaceCues Scowl = new(BrowPose.Furrowed, EyeState.Narrowed, MouthShape.Pressed, HeadMotion.Shake, FaceTint.Flushed);

    /// <summary>The seven profiles in DFEW label order.</summary>
    public static IReadOnlyList<EmotionProfile> Profiles { get; } =
    [
        new(Emotion.Happy, "happy", new(BrowPose.Relaxed, EyeState.Normal, MouthShape.Smile, HeadMotion.Nod, FaceTint.Rosy), Bright),
        new(Emotion.Sad, "sad", new(BrowPose.InnerRaised, EyeState.Drooping, MouthShape.Frown, HeadMotion.Droop, FaceTint.Pale), Shaky),
        new(Emotion.Neutral, "neutral", new(BrowPose.Relaxed, EyeState.Normal, MouthShape.Neutral, HeadMotion.Still, FaceTint.None),
            new(PitchLevel.Mid, PitchContour.Flat, Loudness.Moderate, Tempo.Moderate, VoiceQuality.Clear)),
        new(Emotion.Angry, "angry", Scowl, new(PitchLevel.Mid, PitchContour.Falling, Loudness.Loud, Tempo.Fast, VoiceQuality.Harsh)),
        new(Emotion.Surprise, "surprise", new(BrowPose.Raised, EyeState.Wide, MouthShape.OpenRound, HeadMotion.Recoil, FaceTint.None), Bright),
        new(Emotion.Disgust, "disgust", Scowl, new(PitchLevel.Low, PitchContour.Falling, Loudness.Soft, Tempo.Slow, VoiceQuality.Clear)),
        new(Emotion.Fear, "fear", new(BrowPose.Raised, EyeState.Wide, MouthShape.Stretched, HeadMotion.Tremble, FaceTint.Pale), Shaky),
    ];

    /// <summary>The label strings in DFEW order: happy, sad, neutral, angry, surprise, disgust, fear.</summary>
    public static IReadOnlyList<string> Labels { get; } = Profiles.Select(p => p.Label).ToList();

    public static EmotionProfile Of(Emotion emotion) => Profiles[(int)emotion];

    /// <summary>The profile of a label string; an unknown label is an error that lists the valid ones.</summary>
    public static EmotionProfile Of(string label) =>
        Profiles.FirstOrDefault(p => p.Label == label)
        ?? throw new R1OmniException($"unknown SynthEmo label '{label}'; expected one of {string.Join(", ", Labels)}");
}
