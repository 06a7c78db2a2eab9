using R1Omni.Charts;
using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Prompts;
using R1Omni.Training.Grpo;

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

    [Fact]
    public void ConversationsShowTheGptAnswer()
    {
        var item = new ManifestItem
        {
            Id = "c1", Video = "/w/clips/c1.mp4", Label = "happy", Source = "synthemo",
            Conversations = [new ConversationTurn(ConversationTurn.Human, "<video>\nwhich emotion?"), new ConversationTurn(ConversationTurn.Gpt, "<think>smile</think><answer>happy</answer>")],
        };
        var columns = TableChart.Conversations("data", [item, item with { Conversations = null }]).Data.Single()!["cells"]!["values"]!.AsArray();
        Assert.Equal(["c1.mp4", "c1.mp4"], columns[0]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["&lt;think&gt;smile&lt;/think&gt;&lt;answer&gt;happy&lt;/answer&gt;", ""], columns[2]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public void CompletionsHaveAColumnPerRewardFunctionColouredByIt()
    {
        var f = TableChart.Completions("completions",
        [
            new LoggedCompletion(3, "clips/rl_train/rl_1.mp4", "sad", "<think>x</think><answer>sad</answer>", new Dictionary<string, double> { ["accuracy"] = 1, ["format"] = 1 }, 2, 0.87, 12, false),
            new LoggedCompletion(3, "rl_1", "sad", "happy", new Dictionary<string, double> { ["accuracy"] = 0, ["format"] = 0 }, 0, -0.87, 2, false),
        ]);
        var trace = f.Data.Single()!;
        Assert.Equal(["<b>step</b>", "<b>item</b>", "<b>label</b>", "<b>completion</b>", "<b>accuracy</b>", "<b>format</b>", "<b>reward</b>", "<b>advantage</b>"],
                     trace["header"]!["values"]!.AsArray().Select(v => (string)v!));
        var columns = trace["cells"]!["values"]!.AsArray();
        Assert.Equal(["rl_1.mp4", "rl_1"], columns[1]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["1.00", "0.00"], columns[4]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["0.87", "-0.87"], columns[7]!.AsArray().Select(v => (string)v!));
        var fills = trace["cells"]!["fill"]!["color"]!.AsArray();
        Assert.NotEqual((string)fills[4]![0]!, (string)fills[4]![1]!);
        Assert.Equal((string)fills[3]![0]!, (string)fills[3]![1]!);
    }

    [Fact]
    public void RationalesByClipPutTheModelsOfAClipTogether()
    {
        static PredictionRecord P(string id, string response) => new() { Id = id, Video = $"/v/{id}.mp4", Source = "synthemo", Label = "sad", Response = response, Answer = AnswerTag.Answer(response) };
        var samples = RationaleSample.ByClip(2,
        [
            ("base", [P("a", "noise"), P("b", "noise"), P("c", "noise")]),
            ("grpo", [P("b", "<answer>sad</answer>"), P("a", "<answer>happy</answer>")]),
        ]);
        Assert.Equal(["a.mp4 (base)", "a.mp4 (grpo)", "b.mp4 (base)", "b.mp4 (grpo)"], samples.Select(s => s.Video));
        Assert.Equal([false, false, false, true], samples.Select(s => s.Correct));
        Assert.Empty(RationaleSample.ByClip(2, []));
    }

    [Fact]
    public void LongCellsBreakAtSpacesToFitTheirColumnAndTheFigureGrowsWithThem()
    {
        string rationale = string.Join(" ", Enumerable.Repeat("the brows are lowered", 20));   // 439 characters on one line
        var one = TableChart.Create("t", ["video", "rationale"], [["a.mp4", "short"]], [1, 3]);
        var f = TableChart.Create("t", ["video", "rationale"], [["a.mp4", rationale]], [1, 3]);

        var lines = ((string)f.Data.Single()!["cells"]!["values"]![1]![0]!).Split("<br>");
        Assert.True(lines.Length > 4, $"{lines.Length} lines");
        Assert.All(lines, l => Assert.InRange(l.Length, 1, 114 * 3 / 4 - 2));
        Assert.Equal(rationale, string.Join(" ", lines));                                  // only spaces became breaks
        Assert.True((int)f.Layout["height"]! > (int)one.Layout["height"]! + 17 * (lines.Length - 2));
        Assert.Equal("a.mp4", (string?)f.Data.Single()!["cells"]!["values"]![0]![0]);

        string noise = new('是', 200);                                                  // no spaces to break at
        var cut = ((string)TableChart.Create("t", ["video", "rationale"], [["a.mp4", noise]], [1, 3]).Data.Single()!["cells"]!["values"]![1]![0]!).Split("<br>");
        Assert.Equal(noise, string.Concat(cut));
        Assert.All(cut, l => Assert.InRange(l.Length, 1, 114 * 3 / 4 - 2));
        string run = "ablation-rewards-accuracy";                                      // a name a little wider than its column stays whole
        Assert.Equal(run, (string?)TableChart.Create("t", ["a", "b", "c", "d", "e", "f"], [[run, "", "", "", "", ""]]).Data.Single()!["cells"]!["values"]![0]![0]);
    }

    [Fact]
    public void RationalesShortenAnAnswerThatIsTheWholeResponse()
    {
        string response = string.Join(" ", Enumerable.Repeat("is", 30));
        var answers = TableChart.Rationales("samples", [new RationaleSample("a.mp4", "sad", response, response)]).Data.Single()!["cells"]!["values"]![2]!;
        Assert.Equal(string.Join(" ", Enumerable.Repeat("is", 13)) + "…", ((string)answers[0]!).Replace("<br>", " "));
    }
}
