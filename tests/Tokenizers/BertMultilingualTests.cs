using System.Text.Json.Serialization;

namespace R1Omni.Tests.Tokenizers;

/// <summary>83 multilingual strings (scripts, emoji, code) against HF transformers 4.57.1 for BAAI/bge-small-en-v1.5,
/// whose tokenizer is bert-base-uncased's: ids, tokens and both decodings.</summary>
public class BertMultilingualTests
{
    record Input(string Id, string Text);
    record Entry(
        string Id,
        [property: JsonPropertyName("input_ids")] int[] InputIds,
        string[] Tokens,
        [property: JsonPropertyName("decoded_with_special")] string DecodedWithSpecial,
        [property: JsonPropertyName("decoded_skip_special")] string DecodedSkipSpecial);
    record Baseline(Entry[] Entries);

    [Fact]
    public void IdsTokensAndDecodingMatchHf()
    {
        var inputs = BertFixtures.Json<Input[]>("multilingual_inputs.json").ToDictionary(x => x.Id, x => x.Text);
        var entries = BertFixtures.Json<Baseline>("bge_small_multilingual.json").Entries;
        Assert.Equal(83, entries.Length);
        var tok = BertFixtures.Tokenizer;
        var bad = new List<string>();
        foreach (var e in entries)
        {
            string text = inputs[e.Id];
            int[] ids = tok.Encode(text);
            string[] tokens = ["[CLS]", .. tok.Tokenize(text), "[SEP]"];
            if (!ids.SequenceEqual(e.InputIds))
                bad.Add($"{e.Id} ids: {BertFixtures.Show(ids)} != {BertFixtures.Show(e.InputIds)}");
            if (!tokens.SequenceEqual(e.Tokens))
                bad.Add($"{e.Id} tokens: {BertFixtures.Show(tokens)} != {BertFixtures.Show(e.Tokens)}");
            string with = tok.Decode(e.InputIds), skip = tok.Decode(e.InputIds, skipSpecialTokens: true);
            if (with != e.DecodedWithSpecial) bad.Add($"{e.Id} decoded_with_special: '{with}' != '{e.DecodedWithSpecial}'");
            if (skip != e.DecodedSkipSpecial) bad.Add($"{e.Id} decoded_skip_special: '{skip}' != '{e.DecodedSkipSpecial}'");
        }
        BertFixtures.AssertNone(bad, entries.Length);
    }
}
