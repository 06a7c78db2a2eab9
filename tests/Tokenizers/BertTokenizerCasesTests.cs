using System.Text.Json.Serialization;

namespace R1Omni.Tests.Tokenizers;

/// <summary>swift-transformers' 18 HF reference cases for bert-base-uncased (two copies under two hub ids).</summary>
public class BertTokenizerCasesTests
{
    record Encoded(
        [property: JsonPropertyName("input_ids")] int[] InputIds,
        [property: JsonPropertyName("token_type_ids")] int[] TokenTypeIds,
        [property: JsonPropertyName("attention_mask")] int[] AttentionMask);

    record Case(
        string Input, Encoded Encoded,
        [property: JsonPropertyName("decoded_with_special")] string DecodedWithSpecial,
        [property: JsonPropertyName("decoded_without_special")] string DecodedWithoutSpecial);

    [Theory]
    [InlineData("bert-base-uncased")]
    [InlineData("google-bert/bert-base-uncased")]
    public void EncodingAndDecodingMatchHf(string modelId)
    {
        var cases = BertFixtures.Json<Dictionary<string, Case[]>>("tokenizer_tests.json")[modelId];
        Assert.Equal(18, cases.Length);
        var tok = BertFixtures.Tokenizer;
        var bad = new List<string>();
        for (int i = 0; i < cases.Length; i++)
        {
            var c = cases[i];
            // A batch of one is HF's tokenizer(text): ids, token types and mask without padding.
            var batch = tok.EncodeBatch([c.Input]);
            long[] Row(long[,] a) => Enumerable.Range(0, a.GetLength(1)).Select(t => a[0, t]).ToArray();
            int[] ids = tok.Encode(c.Input);
            string with = tok.Decode(ids, skipSpecialTokens: false);
            string without = tok.Decode(ids, skipSpecialTokens: true);
            if (!ids.SequenceEqual(c.Encoded.InputIds))
                bad.Add($"#{i} ids {c.Input}: {BertFixtures.Show(ids)} != {BertFixtures.Show(c.Encoded.InputIds)}");
            if (!Row(batch.InputIds).SequenceEqual(c.Encoded.InputIds.Select(x => (long)x)))
                bad.Add($"#{i} batch ids {c.Input}");
            if (!Row(batch.TokenTypeIds).SequenceEqual(c.Encoded.TokenTypeIds.Select(x => (long)x)))
                bad.Add($"#{i} token_type_ids {c.Input}");
            if (!Row(batch.AttentionMask).SequenceEqual(c.Encoded.AttentionMask.Select(x => (long)x)))
                bad.Add($"#{i} attention_mask {c.Input}");
            if (with != c.DecodedWithSpecial) bad.Add($"#{i} decoded_with_special: '{with}' != '{c.DecodedWithSpecial}'");
            if (without != c.DecodedWithoutSpecial) bad.Add($"#{i} decoded_without_special: '{without}' != '{c.DecodedWithoutSpecial}'");
        }
        BertFixtures.AssertNone(bad, cases.Length);
    }
}
