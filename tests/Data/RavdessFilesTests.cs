using R1Omni.Data;

namespace R1Omni.Tests.Data;

public class RavdessFilesTests
{
    [Fact]
    public void ParsesAllSevenParts()
    {
        var code = RavdessCode.Parse("/x/Actor_12/01-01-06-02-01-02-12.mp4");
        Assert.Equal(new RavdessCode(1, 1, 6, 2, 1, 2, 12), code);
        Assert.Equal("01-01-06-02-01-02-12", code.ToString());
        var meta = code.Describe(LabelMap.BuiltIn("ravdess").ClassForKey(code.EmotionKey, "test"));
        Assert.Equal(new Dictionary<string, string>
        {
            ["modality"] = "audio-video", ["vocal_channel"] = "speech", ["emotion"] = "fearful", ["intensity"] = "strong",
            ["statement"] = "Kids are talking by the door", ["repetition"] = "2", ["actor"] = "12", ["actor_sex"] = "female",
        }, meta);
    }

    [Theory]
    [InlineData("01-01-06-02-01-02.mp4", "not a RAVDESS file name")]
    [InlineData("01-01-6-02-01-02-12.mp4", "not a RAVDESS file name")]
    [InlineData("01-01-09-02-01-02-12.mp4", "emotion code 09 is out of range (expected 01..08)")]
    [InlineData("01-01-01-01-01-01-25.mp4", "actor code 25 is out of range (expected 01..24)")]
    [InlineData("04-01-01-01-01-01-01.mp4", "modality code 04 is out of range")]
    public void BadNamesAreErrorsNamingTheFile(string name, string expected)
    {
        var e = Assert.Throws<R1OmniException>(() => RavdessCode.Parse(name));
        Assert.StartsWith(name, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ScanKeepsAudioVideoSpeechByDefault()
    {
        string root = DatasetTrees.Ravdess(
            "01-01-06-01-02-01-01", "01-01-08-02-01-01-02", "01-01-01-01-01-01-03",
            "02-01-06-01-02-01-01",  // video only
            "01-02-03-01-01-01-01",  // song
            "03-01-05-01-01-01-02"); // audio only (.wav)
        var m = RavdessFiles.Scan(root);

        Assert.Equal("ravdess-m01-v01", m.Name);
        Assert.Equal(["ravdess/01-01-06-01-02-01-01", "ravdess/01-01-08-02-01-01-02", "ravdess/01-01-01-01-01-01-03"], m.Items.Select(i => i.Id));
        Assert.Equal(["fear", "surprise", "neutral"], m.Items.Select(i => i.Label));
        Assert.Equal(Path.Combine(root, "Actor_02", "01-01-08-02-01-01-02.mp4"), m.Items[1].Video);
        Assert.Equal("surprised", m.Items[1].Meta["emotion"]);
        Assert.Equal("01-01-08-02-01-01-02", m.Items[1].Meta["code"]);

        var song = RavdessFiles.Scan(root, vocalChannel: 2);
        Assert.Equal(["happy"], song.Items.Select(i => i.Label));
        Assert.Equal(["angry"], RavdessFiles.Scan(root, modality: 3).Items.Select(i => i.Label));
    }

    [Fact]
    public void ActorFilter()
    {
        string root = DatasetTrees.Ravdess("01-01-02-01-01-01-01", "01-01-03-01-01-01-02", "01-01-04-01-01-01-03", "01-01-05-01-01-01-04");
        var m = RavdessFiles.Scan(root, actors: [4, 2]);
        Assert.Equal(2, m.Count);
        Assert.Equal(["happy", "angry"], m.Items.Select(i => i.Label));
        Assert.Equal("ravdess-m01-v01-actors02_04", m.Name);
    }

    [Fact]
    public void StrayFileNamesAreReported()
    {
        string root = DatasetTrees.Ravdess("01-01-02-01-01-01-01");
        DatasetTrees.WriteClip(Path.Combine(root, "Actor_01", "intro.mp4"));
        var e = Assert.Throws<R1OmniException>(() => RavdessFiles.Scan(root));
        Assert.Contains(Path.Combine(root, "Actor_01", "intro.mp4"), e.Message);
    }
}
