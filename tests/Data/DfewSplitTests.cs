using R1Omni.Data;

namespace R1Omni.Tests.Data;

public class DfewSplitTests
{
    [Fact]
    public void ReadsTheOfficialSplitWithPaddedClipsAndMappedLabels()
    {
        string root = DatasetTrees.Dfew((1, 1), (25, 4), (16372, 7), (300, 3));
        var m = DfewSplit.Read(root, 1, DatasetSplit.Test);

        Assert.Equal("dfew-test-set1", m.Name);
        Assert.Equal(Path.GetFullPath(root), m.Root);
        Assert.Equal(["dfew/00001", "dfew/00025", "dfew/16372", "dfew/00300"], m.Items.Select(i => i.Id));
        Assert.Equal(["happy", "angry", "fear", "neutral"], m.Items.Select(i => i.Label));
        Assert.Equal(Path.Combine(root, "Clip", "original", "00025.mp4"), m.Items[1].Video);
        Assert.All(m.Items, i => Assert.True(File.Exists(i.Video)));
        Assert.All(m.Items, i => Assert.Equal("dfew", i.Source));
        Assert.Equal(new Dictionary<string, string> { ["fold"] = "1", ["split"] = "test", ["dfew_label"] = "4" }, m.Items[1].Meta);
    }

    [Fact]
    public void ClipLayoutIsAParameter()
    {
        string root = DatasetTrees.Dfew((7, 2));
        var m = DfewSplit.Read(root, 1, DatasetSplit.Test, "videos/clip_{clip}.avi");
        Assert.Equal(Path.Combine(root, "videos", "clip_00007.avi"), m.Items[0].Video);
        Assert.Contains("no {clip} placeholder", Assert.Throws<R1OmniException>(() => DfewSplit.Read(root, 1, DatasetSplit.Test, "videos/a.mp4")).Message);
    }

    [Fact]
    public void SplitFilePathsFollowTheRelease()
    {
        Assert.Equal(Path.Combine("/d", "EmoLabel_DataSplit", "train(single-labeled)", "set_5.csv"), DfewSplit.SplitFile("/d", 5, DatasetSplit.Train));
        Assert.Contains("fold 6 does not exist", Assert.Throws<R1OmniException>(() => DfewSplit.SplitFile("/d", 6, DatasetSplit.Train)).Message);
    }

    [Theory]
    [InlineData("video_name,label\n1,1\n2,9\n", 3, "unknown dfew label '9'")]
    [InlineData("video_name,label\n1,1\n\nabc,2\n", 4, "video_name 'abc' is not a clip number")]
    [InlineData("video_name,label\n1,happy\n", 2, "label 'happy' is not a class number")]
    [InlineData("video_name,label\n1,1,3\n", 2, "3 column(s), expected 2")]
    [InlineData("name,emotion\n1,1\n", 1, "lacks the columns video_name and label")]
    public void BadLinesNameTheFileAndLine(string csv, int line, string expected)
    {
        string root = TestPaths.NewTempDir();
        string file = DfewSplit.SplitFile(root, 1, DatasetSplit.Test);
        DatasetTrees.WriteText(file, csv);
        var e = Assert.Throws<R1OmniException>(() => DfewSplit.Read(root, 1, DatasetSplit.Test));
        Assert.StartsWith($"{file}:{line}: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void MissingSplitFileSaysWhereItWasExpected()
    {
        var e = Assert.Throws<R1OmniException>(() => DfewSplit.Read(TestPaths.NewTempDir(), 2, DatasetSplit.Train));
        Assert.Contains("train(single-labeled)", e.Message);
        Assert.Contains("DFEW split file not found", e.Message);
    }
}
