using System.Text.Json;

namespace R1Omni.SynthEmo;

/// <summary>Names and English phrases of cue levels, shared by the manifests, the rationales and the documentation.</summary>
public static class CuePhrases
{
    /// <summary>The manifest key of a cue: brows, eyes, mouth, head, tint, pitch, contour, loudness, tempo, quality.</summary>
    public static string Key(Enum level) => level switch
    {
        BrowPose => "brows",
        EyeState => "eyes",
        MouthShape => "mouth",
        HeadMotion => "head",
        FaceTint => "tint",
        PitchLevel => "pitch",
        PitchContour => "contour",
        Loudness => "loudness",
        Tempo => "tempo",
        VoiceQuality => "quality",
        _ => throw new ArgumentException($"{level.GetType().Name} is not a SynthEmo cue", nameof(level)),
    };

    /// <summary>The manifest value of a level: its enum name in snake case (e.g. "inner_raised").</summary>
    public static string Name(Enum level) => JsonNamingPolicy.SnakeCaseLower.ConvertName(level.ToString());

    /// <summary>How a rationale states the level; phrases fit the slots of <see cref="RationaleWriter"/>'s template.</summary>
    public static string Phrase(Enum level) => level switch
    {
        BrowPose b => b switch
        {
            BrowPose.Relaxed => "relaxed",
            BrowPose.Raised => "raised high",
            BrowPose.Furrowed => "lowered and drawn together",
            _ => "raised at the inner corners",
        },
        EyeState e => e switch
        {
            EyeState.Normal => "normally open",
            EyeState.Wide => "wide open",
            EyeState.Narrowed => "narrowed",
            _ => "half-closed and looking down",
        },
        MouthShape m => m switch
        {
            MouthShape.Neutral => "a straight, relaxed line",
            MouthShape.Smile => "curved up in a smile",
            MouthShape.Frown => "turned down at the corners",
            MouthShape.OpenRound => "open in a round shape",
            MouthShape.Stretched => "stretched wide open",
            _ => "pressed tight",
        },
        HeadMotion h => h switch
        {
            HeadMotion.Still => "stays still",
            HeadMotion.Nod => "nods up and down",
            HeadMotion.Shake => "shakes from side to side",
            HeadMotion.Tremble => "trembles",
            HeadMotion.Droop => "sinks slowly",
            _ => "jerks back",
        },
        FaceTint t => t switch
        {
            FaceTint.None => "the skin colour is even",
            FaceTint.Rosy => "the cheeks are rosy",
            FaceTint.Flushed => "the face is flushed red",
            _ => "the face looks pale",
        },
        PitchLevel p => p switch
        {
            PitchLevel.Low => "low-pitched",
            PitchLevel.Mid => "medium-pitched",
            _ => "high-pitched",
        },
        PitchContour c => c switch
        {
            PitchContour.Flat => "a flat intonation",
            PitchContour.Rising => "a rising intonation",
            PitchContour.Falling => "a falling intonation",
            _ => "a wavering, unsteady intonation",
        },
        Loudness l => l switch
        {
            Loudness.Soft => "soft",
            Loudness.Moderate => "moderately loud",
            _ => "loud",
        },
        Tempo s => s switch
        {
            Tempo.Slow => "slow",
            Tempo.Moderate => "evenly paced",
            _ => "fast",
        },
        VoiceQuality q => q switch
        {
            VoiceQuality.Clear => "clear",
            VoiceQuality.Breathy => "breathy",
            _ => "harsh",
        },
        _ => throw new ArgumentException($"{level.GetType().Name} is not a SynthEmo cue", nameof(level)),
    };
}
