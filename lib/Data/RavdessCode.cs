using System.Globalization;

namespace R1Omni.Data;

/// <summary>
/// The seven two-digit parts of a RAVDESS file name <c>MM-VV-EE-II-SS-RR-AA</c> (the dataset's naming convention):
/// modality, vocal channel, emotion, intensity, statement, repetition, actor.
/// </summary>
public sealed record RavdessCode(int Modality, int VocalChannel, int Emotion, int Intensity, int Statement, int Repetition, int Actor)
{
    static readonly (string Part, int Max)[] Parts =
        [("modality", 3), ("vocal channel", 2), ("emotion", 8), ("intensity", 2), ("statement", 2), ("repetition", 2), ("actor", 24)];

    /// <summary>Parses a file name (or path) such as <c>01-01-06-02-01-02-12.mp4</c>; a bad name fails naming it.</summary>
    public static RavdessCode Parse(string path)
    {
        string stem = Path.GetFileNameWithoutExtension(path);
        var parts = stem.Split('-');
        if (parts.Length != 7 || parts.Any(p => p.Length != 2 || !p.All(char.IsAsciiDigit)))
            throw new R1OmniException($"{path}: not a RAVDESS file name (expected seven two-digit parts MM-VV-EE-II-SS-RR-AA, e.g. 01-01-06-02-01-02-12.mp4)");
        var n = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        for (int i = 0; i < 7; i++)
            if (n[i] < 1 || n[i] > Parts[i].Max)
                throw new R1OmniException($"{path}: {Parts[i].Part} code {parts[i]} is out of range (expected 01..{Parts[i].Max:D2})");
        return new RavdessCode(n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
    }

    public string EmotionKey => Emotion.ToString("D2", CultureInfo.InvariantCulture);

    public override string ToString() =>
        string.Join('-', new[] { Modality, VocalChannel, Emotion, Intensity, Statement, Repetition, Actor }.Select(v => v.ToString("D2", CultureInfo.InvariantCulture)));

    /// <summary>Every part spelled out, for <see cref="ManifestItem.Meta"/>.</summary>
    public Dictionary<string, string> Describe(LabelClass emotion) => new()
    {
        ["modality"] = Modality switch { 1 => "audio-video", 2 => "video-only", _ => "audio-only" },
        ["vocal_channel"] = VocalChannel == 1 ? "speech" : "song",
        ["emotion"] = emotion.Name,
        ["intensity"] = Intensity == 1 ? "normal" : "strong",
        ["statement"] = Statement == 1 ? "Kids are talking by the door" : "Dogs are sitting by the door",
        ["repetition"] = Repetition.ToString(CultureInfo.InvariantCulture),
        ["actor"] = Actor.ToString(CultureInfo.InvariantCulture),
        ["actor_sex"] = Actor % 2 == 1 ? "male" : "female",
    };
}
