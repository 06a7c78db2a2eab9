using R1Omni.SynthEmo;

namespace R1Omni.Tests.SynthEmo;

/// <summary>The cue table's design promises and its documentation in data/synthemo/README.md.</summary>
public sealed class CueTableTests
{
    static IEnumerable<(string, string)> PairsSharing<T>(Func<EmotionProfile, T> cues) =>
        from a in CueTable.Profiles
        from b in CueTable.Profiles
        where a.Emotion < b.Emotion && Equals(cues(a), cues(b))
        select (a.Label, b.Label);

    [Fact]
    public void LabelsAreDfewsInDfewOrder() =>
        Assert.Equal(["happy", "sad", "neutral", "angry", "surprise", "disgust", "fear"], CueTable.Labels);

    [Fact]
    public void OnlyBothModalitiesTogetherSeparateEveryPair()
    {
        Assert.Equal([("angry", "disgust")], PairsSharing(p => p.Face));
        Assert.Equal([("happy", "surprise"), ("sad", "fear")], PairsSharing(p => p.Voice));
        Assert.Empty(PairsSharing(p => (p.Face, p.Voice)));
    }

    [Fact]
    public void UnknownLabelIsAnErrorListingTheValidOnes()
    {
        var e = Assert.Throws<R1OmniException>(() => CueTable.Of("contempt"));
        Assert.Contains("'contempt'", e.Message);
        Assert.Contains("happy, sad, neutral, angry, surprise, disgust, fear", e.Message);
    }

    [Fact]
    public void ReadmeDocumentsTheTable()
    {
        // The README's cue table: a header row starting "| label |", then one row per label with the level names.
        var lines = File.ReadAllLines(TestPaths.Data("synthemo", "README.md"));
        int header = Array.FindIndex(lines, l => l.StartsWith("| label |", StringComparison.Ordinal));
        Assert.True(header >= 0, "README.md has no '| label |' table");
        string[] Cells(string row) => row.Trim().Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray();
        var columns = Cells(lines[header]);
        var rows = lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).Select(Cells).ToList();
        Assert.Equal(["label", .. CueTable.Profiles[0].Levels.Select(CuePhrases.Key)], columns);
        Assert.Equal(CueTable.Profiles.Select(p => (string[])[p.Label, .. p.Levels.Select(CuePhrases.Name)]), rows);
    }
}
