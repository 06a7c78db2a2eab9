using R1Omni.Charts;

namespace R1Omni.Tests.Charts;

public class ConfusionMatrixChartTests
{
    [Fact]
    public void ColoursAreRowSharesAndCellsShowCounts()
    {
        var f = ConfusionMatrixChart.Create("cm", ["happy", "sad"], ["happy", "sad", "other"], [[3, 1, 0], [0, 0, 0]]);

        var trace = f.Data.Single()!;
        Assert.Equal("heatmap", (string?)trace["type"]);
        Assert.Equal("[[0.75,0.25,0],[0,0,0]]", trace["z"]!.ToJsonString());   // an empty row stays 0, not NaN
        Assert.Equal("[[3,1,0],[0,0,0]]", trace["customdata"]!.ToJsonString());
        Assert.Equal("""["happy","sad","other"]""", trace["x"]!.ToJsonString());
        Assert.Equal("reversed", (string?)f.Layout["yaxis"]!["autorange"]);
        var notes = f.Layout["annotations"]!.AsArray();
        Assert.Equal(6, notes.Count);
        Assert.Equal(("happy", "happy", "3", "white"), ((string)notes[0]!["y"]!, (string)notes[0]!["x"]!, (string)notes[0]!["text"]!, (string)notes[0]!["font"]!["color"]!));
        Assert.Equal(("happy", "sad", "1", "black"), ((string)notes[1]!["y"]!, (string)notes[1]!["x"]!, (string)notes[1]!["text"]!, (string)notes[1]!["font"]!["color"]!));
    }

    [Fact]
    public void ShapeErrorsNameTheRow()
    {
        var e = Assert.Throws<R1OmniException>(() => ConfusionMatrixChart.Create("cm", ["happy", "sad"], ["happy", "sad"], [[1, 2], [3]]));
        Assert.Contains("row 'sad' has 1 counts", e.Message);
        Assert.Throws<R1OmniException>(() => ConfusionMatrixChart.Create("cm", ["happy"], ["happy"], [[1], [2]]));
        Assert.Throws<R1OmniException>(() => ConfusionMatrixChart.Create("cm", ["happy"], ["happy"], [[-1]]));
    }
}
