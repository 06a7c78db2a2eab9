namespace R1Omni.SynthEmo;

/// <summary>One response's rationale against its clip: faithfulness per modality, consistency, and how much was parsed.</summary>
/// <param name="FaceFaithfulness">Face statements that match the clip's levels, of the five (missing or unparsed ones count as not matching).</param>
/// <param name="VoiceFaithfulness">The same for the five voice statements.</param>
/// <param name="Consistent">The answer is a label the stated cues support best (see <see cref="RationaleMetrics.Implied"/>).</param>
/// <param name="Parsed">Statements parsed, of the ten.</param>
public sealed record RationaleScore(double FaceFaithfulness, double VoiceFaithfulness, bool Consistent, int Parsed);

/// <summary>A model's rationales on a split: means of <see cref="RationaleScore"/> over its responses.</summary>
public sealed record RationaleSummary(int Responses, double FaceFaithfulness, double VoiceFaithfulness, double Consistency, double ParsedShare);

/// <summary>
/// Rationale metrics that SynthEmo can compute because it knows every clip's cue levels:
/// <list type="bullet">
/// <item><b>faithfulness</b> — the share of a modality's cue statements in &lt;think&gt; that match the clip (face and voice
/// separately; the grammar has five of each, and a statement that is missing or not parsed counts as not matching);</item>
/// <item><b>consistency</b> — whether the label that the stated cues imply through the cue table is the &lt;answer&gt;: the
/// implied labels are those whose profile agrees with the most stated cues (at least one); the answer must be among them;</item>
/// <item><b>modality-dependent accuracy</b> — accuracy on the labels that only one modality tells apart: angry/disgust
/// share every face cue (audio only), happy/surprise and sad/fear every voice cue (video only).</item>
/// </list>
/// </summary>
public static class RationaleMetrics
{
    /// <summary>Labels told apart by the voice alone, and by the face alone (derived from the cue table).</summary>
    public static IReadOnlyList<string> AudioOnlyLabels { get; } = PairLabels(p => p.Face);
    public static IReadOnlyList<string> VideoOnlyLabels { get; } = PairLabels(p => p.Voice);

    public static RationaleScore Score(string response, string answer, EmotionProfile truth)
    {
        var stated = RationaleParser.Parse(response);
        var levels = truth.Levels;
        int face = Enumerable.Range(0, RationaleParser.FaceCues).Count(i => Equals(stated[i], levels[i]));
        int voice = Enumerable.Range(RationaleParser.FaceCues, RationaleParser.VoiceCues).Count(i => Equals(stated[i], levels[i]));
        return new RationaleScore(face / (double)RationaleParser.FaceCues, voice / (double)RationaleParser.VoiceCues,
                                  Implied(stated).Contains(answer), stated.Count(s => s is not null));
    }

    /// <summary>The labels whose profiles agree with the most stated cues; none when no stated cue agrees with any.</summary>
    public static IReadOnlyList<string> Implied(IReadOnlyList<Enum?> stated)
    {
        var agreement = CueTable.Profiles.Select(p => (p.Label, Count: p.Levels.Select((l, i) => Equals(stated[i], l)).Count(x => x))).ToList();
        int best = agreement.Max(a => a.Count);
        return best == 0 ? [] : agreement.Where(a => a.Count == best).Select(a => a.Label).ToList();
    }

    public static RationaleSummary Summarise(IReadOnlyList<RationaleScore> scores) => scores.Count == 0
        ? new RationaleSummary(0, double.NaN, double.NaN, double.NaN, double.NaN)
        : new RationaleSummary(scores.Count, scores.Average(s => s.FaceFaithfulness), scores.Average(s => s.VoiceFaithfulness),
                               scores.Average(s => s.Consistent ? 1.0 : 0.0), scores.Average(s => s.Parsed / 10.0));

    /// <summary>Accuracy (0–1) over the items whose label is in <paramref name="labels"/>; NaN when there are none.</summary>
    public static double Accuracy(IReadOnlyList<(string Label, string Answer)> items, IReadOnlyList<string> labels)
    {
        var kept = items.Where(i => labels.Contains(i.Label)).ToList();
        return kept.Count == 0 ? double.NaN : kept.Average(i => i.Answer == i.Label ? 1.0 : 0.0);
    }

    static IReadOnlyList<string> PairLabels(Func<EmotionProfile, object> cues) =>
        CueTable.Profiles.Where(p => CueTable.Profiles.Any(q => q != p && cues(q).Equals(cues(p)))).Select(p => p.Label).ToList();
}
