using R1Omni.Charts;

namespace R1Omni.Tests.Charts;

public class TableChartTests
{
    [Fact]
    public void CellsGoColumnByColumnAndShowMarkupLiterally()
    {
        var f = TableChart.Create("t", ["a", "b"], [["1", "<think>x</think>"], ["2", "y\nz"]]);

        var trace = f.Data.Single()!;
        Assert.Equal("table", (string?)trace["type"]);
        var columns = trace["cells"]!["values"]!.AsArray();
        Assert.Equal(2, columns.Count);
        Assert.Equal(["1", "2"], columns[0]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["&lt;think&gt;x&lt;/think&gt;", "y<br>z"], columns[1]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["<b>a</b>", "<b>b</b>"], trace["header"]!["values"]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public void RationalesMarkTheAnswerCell()
    {
        var f = TableChart.Rationales("samples",
            [new RationaleSample("a.mp4", "happy", "happy", "<think>smile</think><answer>happy</answer>"),
             new RationaleSample("b.mp4", "sad", "Sad", "<answer>Sad</answer>")]);   // released scoring is exact: "Sad" misses

        var trace = f.Data.Single()!;
        var fills = trace["cells"]!["fill"]!["color"]!.AsArray();
        Assert.Equal(4, fills.Count);
        var answerFills = fills[2]!.AsArray().Select(v => (string)v!).ToList();
        Assert.NotEqual(answerFills[0], answerFills[1]);
        Assert.Equal(fills[0]![0]!.GetValue<string>(), fills[3]![1]!.GetValue<string>());
        Assert.Equal("[2,1,1,6]", trace["columnwidth"]!.ToJsonString());
        Assert.Equal(["a.mp4", "b.mp4"], trace["cells"]!["values"]![0]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public void RaggedRowsAreAnError()
    {
        var e = Assert.Throws<R1OmniException>(() => TableChart.Create("t", ["a", "b"], [["1"]]));
        Assert.Contains("row 1 has 1 cells", e.Message);
    }
}
