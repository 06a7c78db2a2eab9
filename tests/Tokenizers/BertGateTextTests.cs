namespace R1Omni.Tests.Tokenizers;

/// <summary>The instruction texts HumanOmni's BERT gate reads in evaluation and GRPO (<c>mm_infer</c>'s instruct;
/// <c>QUESTION_TEMPLATE</c> of <c>grpo.py</c>).</summary>
public class BertGateTextTests
{
    const string EvalInstruct = "As an emotional recognition expert, in the video, when the characters display their " +
                                "emotions, which predominant feeling is most clearly expressed?\n";

    const string GrpoQuestion = "As an emotional recognition expert; throughout the video, which emotion conveyed by " +
                                "the characters is the most obvious to you?\nOutput the thinking process in <think> " +
                                "</think> and final emotion in <answer> </answer> tags.";

    [Fact]
    public void EvalInstructRoundTripsToTheLowerCasedText()
    {
        var tok = BertFixtures.Tokenizer;
        int[] ids = tok.Encode(EvalInstruct);
        Assert.Equal(101, ids[0]);
        Assert.Equal(102, ids[^1]);
        Assert.DoesNotContain(tok.UnkTokenId, ids);
        // The trailing newline is white space, so decoding cannot bring it back.
        Assert.Equal(EvalInstruct.ToLowerInvariant().TrimEnd('\n'), tok.Decode(ids, skipSpecialTokens: true));
    }

    [Fact]
    public void GrpoQuestionSplitsTagsIntoPunctuationAndWords()
    {
        var tok = BertFixtures.Tokenizer;
        int[] ids = tok.Encode(GrpoQuestion);
        Assert.Equal(101, ids[0]);
        Assert.Equal(102, ids[^1]);
        Assert.DoesNotContain(tok.UnkTokenId, ids);
        string[] words = tok.BasicTokenize(GrpoQuestion);
        Assert.Equal(["<", "/", "answer", ">", "tags", "."], words[^6..]);

        var batch = tok.EncodeBatch([EvalInstruct, GrpoQuestion], truncation: true);
        Assert.Equal(ids.Length, batch.SequenceLength);
        Assert.Equal(tok.Encode(EvalInstruct).Length, Enumerable.Range(0, batch.SequenceLength).Sum(t => (int)batch.AttentionMask[0, t]));
    }
}
