using System.Text.Json;
using Microsoft.Data.Analysis;
using R1Omni.Data;
using R1Omni.Evaluation;

namespace R1Omni.Tests.Evaluation;

public class MetricsOutputTests
{
    static readonly string[] Labels = ["happy", "sad", "angry"];

    static EmotionMetricsResult Result(SynonymTable? synonyms = null) =>
        EmotionMetrics.Score(["happy", "happy", "sad", "sad", "sad"],
                             ["<answer>happy</answer>", "<answer>sad</answer>", "<answer>sad</answer>", "<answer>Sad</answer>", "<answer>joy, \"mostly\"</answer>"],
                             Labels, new AnswerExtraction(AnswerMode.Answer, synonyms)) with { Source = "dfew" };

    [Fact]
    public void DataFrames()
    {
        var r = Result();
        DataFrame perClass = r.PerClassFrame();
        Assert.Equal(["label", "support", "correct", "recall"], perClass.Columns.Select(c => c.Name));
        Assert.Equal(3, perClass.Rows.Count);
        Assert.Equal(["sad", 3L, 1L, 100.0 / 3], perClass.Rows[1].ToArray());
        Assert.Null(perClass["recall"][2]);  // angry is absent from the labels

        DataFrame confusion = r.ConfusionFrame();
        Assert.Equal(["true_label", "happy", "sad", "angry", "other"], confusion.Columns.Select(c => c.Name));
        Assert.Equal(["happy", 1L, 1L, 0L, 0L], confusion.Rows[0].ToArray());
        Assert.Equal(["sad", 0L, 1L, 0L, 2L], confusion.Rows[1].ToArray());
    }

    [Fact]
    public void SavedFiles()
    {
        string dir = Path.Combine(TestPaths.NewTempDir(), "dfew", "answer");
        Result().Save(dir);

        Assert.Equal(["label,support,correct,recall", "happy,2,1,50", "sad,3,1,33.333333333333336", "angry,0,0,"],
                     File.ReadAllLines(Path.Combine(dir, "per_class.csv")));
        Assert.Equal(["true_label,happy,sad,angry,other", "happy,1,1,0,0", "sad,0,1,0,2", "angry,0,0,0,0"],
                     File.ReadAllLines(Path.Combine(dir, "confusion.csv")));
        var csv = DataFrame.LoadCsv(Path.Combine(dir, "confusion.csv"));
        Assert.Equal(2, Convert.ToInt64(csv["other"][1]));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")));
        var root = json.RootElement;
        Assert.Equal("dfew", root.GetProperty("source").GetString());
        Assert.Equal("answer", root.GetProperty("mode").GetString());
        Assert.Equal(5, root.GetProperty("n").GetInt32());
        Assert.Equal(40.0, root.GetProperty("war").GetDouble(), 12);
        Assert.Equal((50.0 + 100.0 / 3) / 2, root.GetProperty("uar").GetDouble(), 12);
        Assert.Equal(Labels, root.GetProperty("labels").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["happy", "sad"], root.GetProperty("classes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["happy", "sad"], root.GetProperty("per_class_recall").EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, root.GetProperty("support").GetProperty("sad").GetInt32());
        var confusion = root.GetProperty("confusion");
        Assert.Equal(["happy", "sad", "angry", "other"], confusion.GetProperty("columns").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([0L, 1, 0, 2], confusion.GetProperty("matrix")[1].EnumerateArray().Select(e => e.GetInt64()));
        var ool = root.GetProperty("out_of_label");
        Assert.Equal(2, ool.GetProperty("count").GetInt32());
        Assert.Equal([("Sad", 1), ("joy, \"mostly\"", 1)], ool.GetProperty("values").EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("normalization").ValueKind);
    }

    [Fact]
    public void NormalizationIsRecorded()
    {
        var r = Result(SynonymTable.Default());
        Assert.Equal(3, r.Correct.Sum());  // "Sad" → sad; "joy, "mostly"" stays out of the set
        using var json = JsonDocument.Parse(r.ToJson());
        var n = json.RootElement.GetProperty("normalization");
        Assert.Equal("happy", n.GetProperty("synonyms").GetProperty("happiness").GetString());
        Assert.Contains("lower-case", n.GetProperty("rule").GetString());
    }
}
