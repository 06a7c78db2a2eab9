using R1Omni.Data;
using R1Omni.Evaluation;

namespace R1Omni.Tests.Evaluation;

public class EmotionMetricsTests
{
    static readonly IReadOnlyList<string> Dfew = LabelMap.BuiltIn("dfew").Labels; // happy, sad, neutral, angry, surprise, disgust, fear

    // 10 items over 4 present classes. "angry" is never predicted (recall 0 still counts in UAR); "neutral" and "surprise"
    // are only predicted (they do not enter UAR); "sadness" and "I feel angry" are outside the label set.
    static readonly string[] Truth = ["happy", "happy", "happy", "happy", "sad", "sad", "sad", "angry", "angry", "fear"];
    static readonly string[] Pred = ["happy", "happy", "happy", "sad", "sad", "sadness", "neutral", "I feel angry", "surprise", "fear"];

    [Fact]
    public void HandComputedCase()
    {
        var r = EmotionMetrics.Compute(Truth, Pred, Dfew);

        Assert.Equal(10, r.N);
        Assert.Equal(50.0, r.War, 12);                                   // (3 + 1 + 0 + 1) / 10
        Assert.Equal((75.0 + 100.0 / 3 + 0.0 + 100.0) / 4, r.Uar, 12);   // 52.083…
        Assert.Equal(["happy", "sad", "angry", "fear"], r.Classes);
        Assert.Equal(new Dictionary<string, double> { ["happy"] = 75, ["sad"] = 100.0 / 3, ["angry"] = 0, ["fear"] = 100 }, r.PerClassRecall);
        Assert.Equal([4L, 3, 0, 2, 0, 0, 1], r.Support);
        Assert.Equal([3L, 1, 0, 0, 0, 0, 1], r.Correct);
        Assert.Equal([75.0, 100.0 / 3, null, 0.0, null, null, 100.0], r.Recall);
        long[][] expected =
        [
            //          happy sad neutral angry surprise disgust fear other
            /* happy    */ [3, 1, 0, 0, 0, 0, 0, 0],
            /* sad      */ [0, 1, 1, 0, 0, 0, 0, 1],
            /* neutral  */ [0, 0, 0, 0, 0, 0, 0, 0],
            /* angry    */ [0, 0, 0, 0, 1, 0, 0, 1],
            /* surprise */ [0, 0, 0, 0, 0, 0, 0, 0],
            /* disgust  */ [0, 0, 0, 0, 0, 0, 0, 0],
            /* fear     */ [0, 0, 0, 0, 0, 0, 1, 0],
        ];
        Assert.Equal(expected, r.Confusion.Select(row => row.ToArray()));
        Assert.Equal([.. Dfew, "other"], r.ConfusionColumns);
        Assert.Equal([new("I feel angry", 1), new KeyValuePair<string, int>("sadness", 1)], r.OutOfLabel);
    }

    [Fact]
    public void UarIsNotTheOldHumanOmniDefinition()
    {
        // recall_score(average=None) over every class seen in either list would add neutral and surprise at 0.
        var r = EmotionMetrics.Compute(Truth, Pred, Dfew);
        Assert.NotEqual((75.0 + 100.0 / 3 + 0 + 100) / 6, r.Uar, 6);
    }

    [Fact]
    public void PerfectAndAllWrong()
    {
        var perfect = EmotionMetrics.Compute(["sad", "fear", "sad"], ["sad", "fear", "sad"], Dfew);
        Assert.Equal((100.0, 100.0), (perfect.War, perfect.Uar));
        Assert.Empty(perfect.OutOfLabel);
        var wrong = EmotionMetrics.Compute(["sad", "fear"], ["Sad", "<answer>fear</answer>"], Dfew);
        Assert.Equal((0.0, 0.0), (wrong.War, wrong.Uar));
        Assert.Equal(2, wrong.OutOfLabel.Sum(kv => kv.Value));
    }

    [Fact]
    public void AgreesWithAnIndependentComputation()
    {
        var labels = LabelMap.BuiltIn("mafw").Labels;
        var rng = new Random(1234);
        for (int trial = 0; trial < 20; trial++)
        {
            int n = rng.Next(1, 300);
            // Skewed classes so that some are absent; a tenth of the predictions are free text.
            var truth = Enumerable.Range(0, n).Select(_ => labels[Math.Min(rng.Next(labels.Count), rng.Next(labels.Count))]).ToList();
            var pred = truth.Select(t => rng.NextDouble() < 0.1 ? $"word{rng.Next(3)}" : rng.NextDouble() < 0.5 ? t : labels[rng.Next(labels.Count)]).ToList();
            var r = EmotionMetrics.Compute(truth, pred, labels);

            // Directly from the pairs, without the confusion matrix.
            var classes = truth.Distinct().ToList();
            double accuracy = 100.0 * truth.Zip(pred).Count(p => p.First == p.Second) / n;
            double meanRecall = classes.Average(c => 100.0 * truth.Zip(pred).Count(p => p.First == c && p.Second == c) / truth.Count(t => t == c));
            Assert.Equal(accuracy, r.War, 9);
            Assert.Equal(meanRecall, r.Uar, 9);

            // Identities of the confusion matrix: WAR = trace / N, UAR = mean of diagonal / row sum over non-empty rows.
            long trace = Enumerable.Range(0, labels.Count).Sum(i => r.Confusion[i][i]);
            Assert.Equal(n, r.Confusion.Sum(row => row.Sum()));
            Assert.Equal(100.0 * trace / n, r.War, 9);
            var rows = Enumerable.Range(0, labels.Count).Where(i => r.Confusion[i].Sum() > 0).ToList();
            Assert.Equal(rows.Average(i => 100.0 * r.Confusion[i][i] / r.Confusion[i].Sum()), r.Uar, 9);
            Assert.Equal(pred.Count(p => !labels.Contains(p)), r.Confusion.Sum(row => row[labels.Count]));
            Assert.Equal(classes.Order(StringComparer.Ordinal), r.Classes.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void ScoreExtractsThenComputes()
    {
        string[] responses = ["<think>x</think>\n<answer>angry</answer>", " angry", "<answer> Sad </answer>"];
        string[] truth = ["angry", "angry", "sad"];
        var answer = EmotionMetrics.Score(truth, responses, Dfew, new AnswerExtraction(AnswerMode.Answer));
        var raw = EmotionMetrics.Score(truth, responses, Dfew, new AnswerExtraction(AnswerMode.Raw));
        var normalised = EmotionMetrics.Score(truth, responses, Dfew, new AnswerExtraction(AnswerMode.Answer, SynonymTable.Default()));
        Assert.Equal(("answer", 200.0 / 3, 50.0), (answer.Mode, answer.War, answer.Uar));
        Assert.Equal(("raw", 100.0 / 3, 25.0), (raw.Mode, raw.War, raw.Uar));
        Assert.Equal((100.0, 100.0), (normalised.War, normalised.Uar));
        Assert.NotNull(normalised.Synonyms);
        Assert.Null(answer.Synonyms);
    }

    [Fact]
    public void BadInputsAreErrors()
    {
        Assert.Contains("2 labels but 1 predictions", Assert.Throws<R1OmniException>(() => EmotionMetrics.Compute(["a", "b"], ["a"], ["a", "b"])).Message);
        Assert.Contains("no labelled items", Assert.Throws<R1OmniException>(() => EmotionMetrics.Compute([], [], ["a"])).Message);
        Assert.Contains("'happiness' are not in the label set", Assert.Throws<R1OmniException>(() => EmotionMetrics.Compute(["happiness"], ["happy"], Dfew)).Message);
        Assert.Contains("lists 'a' twice", Assert.Throws<R1OmniException>(() => EmotionMetrics.Compute(["a"], ["a"], ["a", "a"])).Message);
        Assert.Contains("out-of-label column", Assert.Throws<R1OmniException>(() => EmotionMetrics.Compute(["a"], ["a"], ["a", "other"])).Message);
    }
}
