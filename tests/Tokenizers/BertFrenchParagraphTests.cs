using System.Text.Json.Serialization;

namespace R1Omni.Tests.Tokenizers;

/// <summary>A long French paragraph (accents, elisions, hyphens) encoded and decoded by HF.</summary>
public class BertFrenchParagraphTests
{
    record Encoded(
        string Text,
        [property: JsonPropertyName("bpe_tokens")] string[] BpeTokens,
        [property: JsonPropertyName("token_ids")] int[] TokenIds,
        [property: JsonPropertyName("decoded_text")] string DecodedText);

    [Fact]
    public void TokensIdsAndDecodingMatchHf()
    {
        var f = BertFixtures.Json<Encoded>("bert_uncased_encoded.json");
        var tok = BertFixtures.Tokenizer;
        Assert.Equal(f.BpeTokens, tok.Tokenize(f.Text));
        int[] ids = tok.Encode(f.Text);
        Assert.Equal(f.TokenIds, ids);
        Assert.Equal(f.DecodedText, tok.Decode(ids));
    }
}
