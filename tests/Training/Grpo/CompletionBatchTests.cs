using R1Omni.Training.Grpo;

namespace R1Omni.Tests.Training.Grpo;

public class CompletionBatchTests
{
    const int ImEnd = 151645, EndOfText = 151643;

    static float[] Row(float[,] m, int r) => Enumerable.Range(0, m.GetLength(1)).Select(t => m[r, t]).ToArray();
    static long[] Row(long[,] m, int r) => Enumerable.Range(0, m.GetLength(1)).Select(t => m[r, t]).ToArray();

    [Fact]
    public void MaskRunsThroughTheFirstImEndOrOverTheWholeRow()
    {
        int[][] completions =
        [
            [11, ImEnd],                 // stopped on <|im_end|>
            [11, 12, 13, 14],            // hit the length limit: no EOS at all
            [11, EndOfText],             // stopped on <|endoftext|>: not an EOS for the mask
            [ImEnd],
            [11, ImEnd, 12, ImEnd],      // only the first <|im_end|> counts
        ];
        var batch = CompletionBatch.Build(completions, [false, true, false, false, false], ImEnd, EndOfText);
        Assert.Equal(5, batch.Rows);
        Assert.Equal(4, batch.Columns);
        Assert.Equal([1f, 1f, 0f, 0f], Row(batch.Mask, 0));
        Assert.Equal([1f, 1f, 1f, 1f], Row(batch.Mask, 1));
        Assert.Equal([1f, 1f, 1f, 1f], Row(batch.Mask, 2));   // runs over the padding, as in the reference
        Assert.Equal([1f, 0f, 0f, 0f], Row(batch.Mask, 3));
        Assert.Equal([1f, 1f, 0f, 0f], Row(batch.Mask, 4));
        Assert.Equal([11L, ImEnd, EndOfText, EndOfText], Row(batch.Ids, 0));
        Assert.Equal([11L, EndOfText, EndOfText, EndOfText], Row(batch.Ids, 2));
        Assert.Equal([2, 4, 2, 1, 4], batch.Lengths);
        Assert.Equal([2f, 4f, 4f, 1f, 2f], batch.MaskedLengths());
    }

    [Fact]
    public void TruncatedCompletionsCanBeMaskedOut()
    {
        var batch = CompletionBatch.Build([[11, ImEnd], [11, 12, 13]], [false, true], ImEnd, EndOfText, maskTruncated: true);
        Assert.Equal([1f, 1f, 0f], Row(batch.Mask, 0));
        Assert.Equal([0f, 0f, 0f], Row(batch.Mask, 1));
        Assert.Equal([true, false], new[] { batch.Truncated[1], batch.Truncated[0] });
    }

    [Fact]
    public void ACompletionWithoutEosIsMaskedUpToItsLength()
    {
        var batch = CompletionBatch.Build([[7, 8, 9]], [true], ImEnd, EndOfText);
        Assert.Equal([1f, 1f, 1f], Row(batch.Mask, 0));
    }
}
