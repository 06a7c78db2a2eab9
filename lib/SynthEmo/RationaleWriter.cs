using R1Omni.Runtime;

namespace R1Omni.SynthEmo;

/// <summary>
/// Writes template rationales that describe the cues a clip actually shows, in R1-Omni's cold-start answer format
/// (<c>&lt;think&gt;…&lt;/think&gt;\n&lt;answer&gt;label&lt;/answer&gt;</c>). Like real annotations they are noisy:
/// each of the ten cue statements is, with probability <c>wrongCueRate</c>, replaced by another level of the same cue.
/// The final answer is always the true label.
/// </summary>
public static class RationaleWriter
{
    /// <summary>What the face shows; slots 0–4 take the phrases of brows, eyes, mouth, head and tint (see
    /// <see cref="CuePhrases.Phrase"/>). Also the HumanOmni analogue's face description.</summary>
    public const string FaceSentences = "The person's brows are {0}, the eyes are {1}, and the mouth is {2}. The head {3}, and {4}.";

    /// <summary>What the voice sounds like; slots 5–9 take the phrases of pitch, contour, loudness, tempo and quality.
    /// Also the HumanOmni analogue's voice description.</summary>
    public const string VoiceSentence = "The voice is {5} with {6}; it sounds {7}, {8} and {9}.";

    /// <summary>The sentence skeleton of the rationale: the face, then the voice.</summary>
    public const string Template = FaceSentences + " " + VoiceSentence;

    /// <summary>The closing sentences; slot 0 takes the label.</summary>
    public static readonly IReadOnlyList<string> Conclusions =
    [
        "Together, these facial and vocal cues suggest the emotion is {0}.",
        "Combining the face and the voice, the most obvious emotion is {0}.",
        "Taking both the expression and the voice into account, the emotion is {0}.",
    ];

    public static Rationale Write(EmotionProfile profile, double wrongCueRate, SplitMix64 rng)
    {
        var stated = new List<Enum>();
        var wrong = new List<string>();
        foreach (Enum actual in profile.Levels)
        {
            // Both draws happen whatever the rate, so a higher rate only adds wrong statements to a lower rate's.
            double u = rng.NextDouble();
            var others = Enum.GetValues(actual.GetType()).Cast<Enum>().Where(v => !v.Equals(actual)).ToArray();
            Enum alternative = others[rng.NextInt(others.Length)];
            bool isWrong = u < wrongCueRate;
            stated.Add(isWrong ? alternative : actual);
            if (isWrong) wrong.Add(CuePhrases.Key(actual));
        }
        string body = string.Format(Template, stated.Select(CuePhrases.Phrase).ToArray<object>());
        string conclusion = string.Format(Conclusions[rng.NextInt(Conclusions.Count)], profile.Label);
        return new Rationale($"<think>{body} {conclusion}</think>\n<answer>{profile.Label}</answer>", stated, wrong);
    }

    /// <summary>The face (or voice) part of <see cref="Template"/> filled with the given levels, e.g. a description.</summary>
    public static string Fill(string sentence, IReadOnlyList<Enum> levels) =>
        string.Format(sentence, levels.Select(CuePhrases.Phrase).ToArray<object>());
}
