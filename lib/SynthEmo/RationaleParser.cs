using System.Text.RegularExpressions;

namespace R1Omni.SynthEmo;

/// <summary>
/// Reads back the cue statements of a rationale written in SynthEmo's grammar (<see cref="RationaleWriter.Template"/>):
/// "The person's brows are B, the eyes are E, and the mouth is M. The head H, and T. The voice is P with C; it sounds
/// L, S and Q." Each statement is found by the words that lead to its slot ("brows are", "eyes are", "mouth is", "The
/// head", "voice is", "with", "it sounds"), then matched against the phrases of its cue (<see cref="CuePhrases.Phrase"/>),
/// longest first; a slot whose statement is missing or whose phrase is not one of its cue's is left unparsed (null).
/// Only the text after the first &lt;think&gt; counts (to &lt;/think&gt;, else to &lt;answer&gt; or the end); a response
/// without one states nothing.
/// </summary>
public static class RationaleParser
{
    // The rationale runs to </think>, or (when the response never closes it) to <answer> or the end.
    static readonly Regex Think = new("<think>(.*?)(?:</think>|<answer>|$)", RegexOptions.Singleline | RegexOptions.CultureInvariant);

    /// <summary>The ten cue types in rationale order (face: brows, eyes, mouth, head, tint; voice: pitch, contour,
    /// loudness, tempo, quality).</summary>
    public static IReadOnlyList<Type> Cues { get; } =
        [typeof(BrowPose), typeof(EyeState), typeof(MouthShape), typeof(HeadMotion), typeof(FaceTint),
         typeof(PitchLevel), typeof(PitchContour), typeof(Loudness), typeof(Tempo), typeof(VoiceQuality)];

    public const int FaceCues = 5, VoiceCues = 5;

    // Per slot, the words before it and after it in the grammar.
    static readonly (string Before, string After)[] Slots =
    [
        ("brows are ", ","), ("eyes are ", ","), ("mouth is ", "."), ("The head ", ","), (", and ", "."),
        ("voice is ", " with"), (" with ", ";"), ("it sounds ", ","), (", ", " and"), (" and ", "."),
    ];

    /// <summary>The stated level of each of the ten cues (null where the statement is missing or unparsed).</summary>
    public static Enum?[] Parse(string response)
    {
        var stated = new Enum?[Cues.Count];
        var m = Think.Match(response);
        if (!m.Success) return stated;
        string text = m.Groups[1].Value;
        int face = text.IndexOf("The voice", StringComparison.Ordinal);
        string faceText = face < 0 ? text : text[..face], voiceText = face < 0 ? "" : text[face..];
        int soundsAt = voiceText.IndexOf("it sounds ", StringComparison.Ordinal);
        int soundsEnd = soundsAt < 0 ? -1 : voiceText.IndexOf('.', soundsAt);
        string sounds = soundsAt < 0 ? "" : soundsEnd < 0 ? voiceText[soundsAt..] : voiceText[soundsAt..(soundsEnd + 1)];
        for (int slot = 0; slot < Cues.Count; slot++)
        {
            // The last three slots sit in the "it sounds L, S and Q." clause, read in order from its start.
            string scope = slot < FaceCues ? faceText : slot < 7 ? voiceText : sounds;
            stated[slot] = Statement(scope, slot);
        }
        return stated;
    }

    static Enum? Statement(string text, int slot)
    {
        var (before, after) = Slots[slot];
        var phrases = Enum.GetValues(Cues[slot]).Cast<Enum>().Select(v => (Level: v, Phrase: CuePhrases.Phrase(v)))
            .OrderByDescending(p => p.Phrase.Length).ToList();
        int from = slot switch
        {
            8 => text.IndexOf(", ", StringComparison.Ordinal),                 // tempo: after the loudness phrase
            9 => text.LastIndexOf(" and ", StringComparison.Ordinal),          // quality: after the last "and"
            4 => text.IndexOf("The head ", StringComparison.Ordinal) is var h && h >= 0 ? text.IndexOf(", and ", h, StringComparison.Ordinal) : -1,
            _ => text.IndexOf(before, StringComparison.Ordinal),
        };
        if (from < 0) return null;
        int start = from + before.Length;
        int end = text.IndexOf(after, start, StringComparison.Ordinal);
        string value = (end < 0 ? text[start..] : text[start..end]).Trim();
        return phrases.FirstOrDefault(p => p.Phrase == value).Level;
    }
}
