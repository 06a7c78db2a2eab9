using TorchSharp;

namespace R1Omni.Tests.Tokenizers;

/// <summary>HF <c>tokenizer(texts, padding=True, truncation=…)</c>: right padding with [PAD], 1/0 mask, zero token types.</summary>
public class BertBatchTests
{
    static readonly string[] Texts = ["hello world", "How are you doing?", ""];

    [Fact]
    public void PadsToTheLongestTextOnTheRight()
    {
        var tok = BertFixtures.Tokenizer;
        var batch = tok.EncodeBatch(Texts);
        Assert.Equal((3, 7), (batch.BatchSize, batch.SequenceLength));
        // Ids from swift-transformers' bert-base-uncased cases; an empty text is just [CLS] [SEP].
        long[][] ids = [[101, 7592, 2088, 102, 0, 0, 0], [101, 2129, 2024, 2017, 2725, 1029, 102], [101, 102, 0, 0, 0, 0, 0]];
        int[] lengths = [4, 7, 2];
        for (int b = 0; b < 3; b++)
            for (int t = 0; t < 7; t++)
            {
                Assert.Equal(ids[b][t], batch.InputIds[b, t]);
                Assert.Equal(t < lengths[b] ? 1 : 0, batch.AttentionMask[b, t]);
                Assert.Equal(0, batch.TokenTypeIds[b, t]);
            }
    }

    [Fact]
    public void TruncationKeepsClsAndSepWithinMaxLength()
    {
        var tok = BertFixtures.Tokenizer;
        var batch = tok.EncodeBatch(Texts, maxLength: 5, truncation: true);
        Assert.Equal(5, batch.SequenceLength);
        Assert.Equal(new long[] { 101, 2129, 2024, 2017, 102 }, Row(batch.InputIds, 1));
        Assert.Equal(new long[] { 101, 7592, 2088, 102, 0 }, Row(batch.InputIds, 0));
        Assert.Equal(new long[] { 1, 1, 1, 1, 1 }, Row(batch.AttentionMask, 1));
    }

    [Fact]
    public void TruncationDefaultsToTheModelMaximumOf512()
    {
        var tok = BertFixtures.Tokenizer;
        string longText = string.Join(' ', Enumerable.Repeat("hello", 600));
        var batch = tok.EncodeBatch([longText, "hello"], truncation: true);
        Assert.Equal(512, tok.Config.ModelMaxLength);
        Assert.Equal(512, batch.SequenceLength);
        long[] row = Row(batch.InputIds, 0);
        Assert.Equal(101, row[0]);
        Assert.Equal(102, row[^1]);
        Assert.All(row[1..^1], id => Assert.Equal(7592, id));
        Assert.Equal(602, tok.EncodeBatch([longText]).SequenceLength);
    }

    [Fact]
    public void MisuseIsRejected()
    {
        var tok = BertFixtures.Tokenizer;
        Assert.Throws<ArgumentException>(() => tok.EncodeBatch([]));
        Assert.Throws<ArgumentException>(() => tok.EncodeBatch(Texts, maxLength: 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => tok.EncodeBatch(Texts, maxLength: 1, truncation: true));
    }

    [Fact]
    public void TensorsAreInt64WithTheBatchShape()
    {
        var batch = BertFixtures.Tokenizer.EncodeBatch(Texts);
        var (ids, mask) = batch.ToTensors();
        using (ids)
        using (mask)
        {
            Assert.Equal(torch.int64, ids.dtype);
            Assert.Equal(torch.int64, mask.dtype);
            Assert.Equal(new long[] { 3, 7 }, ids.shape);
            Assert.Equal(new long[] { 3, 7 }, mask.shape);
            Assert.Equal(Flat(batch.InputIds), ids.data<long>().ToArray());
            Assert.Equal(Flat(batch.AttentionMask), mask.data<long>().ToArray());
        }
    }

    static long[] Row(long[,] a, int b) => Enumerable.Range(0, a.GetLength(1)).Select(t => a[b, t]).ToArray();
    static long[] Flat(long[,] a) => a.Cast<long>().ToArray();
}
