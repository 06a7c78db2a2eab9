using R1Omni.Analysis;
using R1Omni.Tokenizers;

namespace R1Omni.Tests.Analysis;

/// <summary>Answer spans, per-sample drops and their aggregation, without a model.</summary>
public class ContributionAggregationTests
{
    static readonly Qwen2Tokenizer Tokenizer = Qwen2Tokenizer.Load(TestPaths.Data("tokenizers", "qwen2"));

    [Fact]
    public void TheAnswerSpanCoversTheAnswerGroupsTokens()
    {
        int[] tokens = [.. Tokenizer.Encode("<think>a calm face</think>\n<answer> happy </answer>"), Tokenizer.ImEndId];
        var span = AnswerSpan.Of(tokens, Tokenizer);
        Assert.Equal(" happy", Tokenizer.Decode(tokens[span.Start..span.End]));
        Assert.Equal(" happy", span.Text);
        Assert.Equal((1, 5), (span.AnswerOffset, span.AnswerLength));
        Assert.Equal(" sad", span.WithAnswer("sad"));
        Assert.Equal(" </", Tokenizer.Decode(tokens[span.End..(span.End + 1)]));

        // Without answer tags the whole response (stripped) is the answer.
        int[] plain = [.. Tokenizer.Encode(" neutral"), Tokenizer.ImEndId];
        var whole = AnswerSpan.Of(plain, Tokenizer);
        Assert.Equal((0, plain.Length - 1), (whole.Start, whole.End));
        Assert.Equal("angry", whole.WithAnswer("angry").Trim());
    }

    static ContributionSample Sample(string id, double full, double withoutVideo, double withoutAudio, string? label = "happy") =>
        new(id, id + ".mp4", label, "r", "a", new ModalityLogProbs(full, withoutVideo, withoutAudio),
            label is null ? null : new ModalityLogProbs(full - 1, withoutVideo - 2, withoutAudio - 1));

    [Fact]
    public void DropsAndTheModalityThatMatteredMost()
    {
        var p = new ModalityLogProbs(-1, -3, -1.5);
        Assert.Equal((2.0, 0.5), (p.VideoDrop, p.AudioDrop));
        Assert.Equal(ModalityContribution.Video, p.MatteredMost);
        Assert.Equal(ModalityContribution.Audio, new ModalityLogProbs(-1, -1.2, -4).MatteredMost);
        Assert.Equal(ModalityContribution.Neither, new ModalityLogProbs(-1, -0.5, -1).MatteredMost);   // no removal lowered it
        Assert.Equal(Math.Exp(-3), p.WithoutVideoProbability, 15);
    }

    [Fact]
    public void TheSummaryAveragesDropsAndCountsWhichModalityMattered()
    {
        var summary = ContributionSummary.Of([Sample("a", -1, -3, -1.5), Sample("b", -2, -2.5, -4), Sample("c", -1, -0.5, -0.5, label: null), Sample("d", -1, -2, -1)]);
        Assert.Equal(4, summary.Samples);
        Assert.Equal((2 + 0.5 - 0.5 + 1) / 4.0, summary.MeanVideoDrop, 12);
        Assert.Equal((0.5 + 2 - 0.5 + 0) / 4.0, summary.MeanAudioDrop, 12);
        Assert.Equal((0.5, 0.25, 0.25), (summary.VideoMatteredShare, summary.AudioMatteredShare, summary.NeitherShare));
        Assert.Equal((3 + 1.5 + 2) / 3.0, summary.MeanLabelVideoDrop!.Value, 12);   // each label drop is the answer's + 1
        Assert.Throws<R1OmniException>(() => ContributionSummary.Of([]));
    }

    [Fact]
    public void TheCsvHasOneRowPerSampleWithEmptyLabelColumnsWhenUnlabelled()
    {
        var lines = ModalityContribution.Csv([Sample("a\"x", -1, -3, -1.5), Sample("c", -1, -0.5, -0.5, label: null)]).TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal("\"a\"\"x\",\"happy\",\"a\",video,-1,-3,-1.5,2,0.5,-2,-5,-2.5,3,0.5", lines[1]);
        Assert.EndsWith(",,,,,", lines[2]);
    }
}
