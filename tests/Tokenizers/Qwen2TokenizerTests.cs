using R1Omni.Tokenizers;

namespace R1Omni.Tests.Tokenizers;

[Collection(Qwen2TokenizerCollection.Name)]
public class Qwen2TokenizerTests(Qwen2TokenizerFixture fixture)
{
    readonly Qwen2Tokenizer _tok = fixture.Tokenizer;

    [Fact]
    public void ShippedTokenizerHasQwen25SpecialTokensAndSize()
    {
        Assert.Equal((151643, 151644, 151645), (_tok.EndOfTextId, _tok.ImStartId, _tok.ImEndId));
        Assert.Equal(151_665, _tok.VocabSize);
        Assert.Equal(151652, _tok.TokenToId("<|vision_start|>"));
        Assert.Equal(151656, _tok.TokenToId("<|video_pad|>"));
        Assert.Equal("<|file_sep|>", _tok.IdToToken(151664));
        // Qwen3-only added tokens were removed from the asset: <think> is ordinary text in Qwen2.5.
        Assert.Null(_tok.TokenToId("<think>"));
        Assert.Null(_tok.IdToToken(151667));
        Assert.True(_tok.Encode("<think>").Length > 1);
        // The shipped folder has no tokenizer_config.json; a checkpoint's own config supplies these.
        Assert.Null(_tok.EosTokenId);
        Assert.Null(_tok.ChatTemplate);
    }

    [Fact]
    public void VocabularyTokensMapBothWays()
    {
        Assert.Equal(8948, _tok.TokenToId("system"));
        Assert.Equal(198, _tok.TokenToId("Ċ"));
        Assert.Equal("Ġhelpful", _tok.IdToToken(10950));
        Assert.Null(_tok.IdToToken(-201));
        Assert.Null(_tok.IdToToken(151_936));
        Assert.Null(_tok.TokenToId("not a token"));
    }

    [Fact]
    public void SpecialTokensInTextBecomeSingleIds()
    {
        int[] ids = _tok.Encode("<|im_start|>user\nHi<|im_end|>\n");
        Assert.Equal([151644, 872, 198, 13048, 151645, 198], ids);
        Assert.Equal([.. _tok.Encode("a"), 151643, .. _tok.Encode("b")], _tok.Encode("a<|endoftext|>b"));
        // Vision tokens of Qwen2-VL prompts are added tokens too.
        Assert.Equal([151652, 151656, 151653], _tok.Encode("<|vision_start|><|video_pad|><|vision_end|>"));
    }

    [Fact]
    public void IncompleteSpecialTokenIsOrdinaryText()
    {
        int[] ids = _tok.Encode("<|im_start|user");
        Assert.DoesNotContain(151644, ids);
        Assert.Equal("<|im_start|user", _tok.Decode(ids));
    }

    [Fact]
    public void TextIsNfcNormalisedBeforeBpe()
    {
        Assert.Equal(_tok.Encode("caf\u00E9"), _tok.Encode("cafe\u0301"));
        Assert.Equal(_tok.Encode("\u00C5ngstr\u00F6m"), _tok.Encode("\u212Bngstro\u0308m"));
    }

    [Fact]
    public void SkippingSpecialTokensKeepsNonSpecialAddedTokens()
    {
        int[] ids = [151644, 872, 198, 151657, 13048, 151658, 151645];
        Assert.Equal("<|im_start|>user\n<tool_call>Hi</tool_call><|im_end|>", _tok.Decode(ids));
        Assert.Equal("user\n<tool_call>Hi</tool_call>", _tok.Decode(ids, skipSpecialTokens: true));
        Assert.True(_tok.IsSpecial(151644));
        Assert.False(_tok.IsSpecial(151657));
    }

    [Fact]
    public void InvalidUtf8BecomesReplacementCharacterAndUnknownIdsAreSkipped()
    {
        int[] ni = _tok.Encode("你");
        int leadByte = _tok.TokenToId(ByteLevelAlphabet.ByteToChar(0xE4).ToString())!.Value;
        Assert.Equal("\uFFFD", _tok.Decode([leadByte]));
        Assert.Equal("你", _tok.Decode([-201, .. ni, 10_000_000]));
    }

    [Fact]
    public void UnpairedSurrogateIsRejected()
    {
        var e = Assert.Throws<R1OmniException>(() => _tok.Encode("ab\uD83D"));
        Assert.Contains("unpaired UTF-16 surrogate U+D83D at index 2", e.Message);
    }

    [Fact]
    public void AddedTokenMatchingIsLeftmostLongest()
    {
        var matcher = new AddedTokenMatcher([new AddedToken(1, "<|x|>", true), new AddedToken(2, "<|x|>y", false)]);
        var matches = matcher.Matches("a<|x|>yb<|x|><|x").Select(m => (m.Start, m.Token.Id)).ToArray();
        Assert.Equal([(1, 2), (8, 1)], matches);
    }
}
