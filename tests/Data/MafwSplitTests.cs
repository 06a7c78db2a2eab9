using R1Omni.Data;

namespace R1Omni.Tests.Data;

public class MafwSplitTests
{
    [Fact]
    public void ReadsTheOfficialSplitAndMapsTheWords()
    {
        string root = DatasetTrees.Mafw(("00025.mp4", "anger"), ("00102.mp4", "happiness"), ("03011.mp4", "contempt"),
                                        ("09999.mp4", "helplessness"), ("00007.mp4", "neutral"));
        var m = MafwSplit.Read(root, 2, DatasetSplit.Train);

        Assert.Equal("mafw-train-set2", m.Name);
        Assert.Equal(["mafw/00025", "mafw/00102", "mafw/03011", "mafw/09999", "mafw/00007"], m.Items.Select(i => i.Id));
        Assert.Equal(["angry", "happy", "contemptuous", "helpless", "neutral"], m.Items.Select(i => i.Label));
        Assert.Equal(Path.Combine(root, "data", "clips", "00102.mp4"), m.Items[1].Video);
        Assert.All(m.Items, i => Assert.True(File.Exists(i.Video)));
        Assert.Equal("happiness", m.Items[1].Meta["mafw_label"]);
        Assert.Equal("2", m.Items[1].Meta["fold"]);
    }

    [Fact]
    public void ToleratesRepeatedSpacesAndBlankLines()
    {
        string root = TestPaths.NewTempDir();
        DatasetTrees.WriteText(MafwSplit.SplitFile(root, 1, DatasetSplit.Test), "00001.mp4   sadness\r\n\r\n00002.mp4\tanxiety\n");
        var m = MafwSplit.Read(root, 1, DatasetSplit.Test);
        Assert.Equal(["sad", "anxious"], m.Items.Select(i => i.Label));
    }

    [Theory]
    [InlineData("00001.mp4 anger\n00002.mp4 happy\n", 2, "unknown mafw label 'happy' (expected one of anger, disgust")]
    [InlineData("00001.mp4 anger extra\n", 1, "has 3 field(s), expected 'clip_name label_word'")]
    public void BadLinesNameTheFileAndLine(string text, int line, string expected)
    {
        string root = TestPaths.NewTempDir();
        string file = MafwSplit.SplitFile(root, 3, DatasetSplit.Test);
        DatasetTrees.WriteText(file, text);
        var e = Assert.Throws<R1OmniException>(() => MafwSplit.Read(root, 3, DatasetSplit.Test));
        Assert.StartsWith($"{file}:{line}: ", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
