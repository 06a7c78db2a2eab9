using R1Omni.Tokenizers;

namespace R1Omni.Tests.Tokenizers;

/// <summary>Exact agreement with ids produced by HF's Qwen tokenizers (llama.cpp and swift-transformers fixtures).</summary>
[Collection(Qwen2TokenizerCollection.Name)]
public class Qwen2TokenizerReferenceTests(Qwen2TokenizerFixture fixture)
{
    readonly Qwen2Tokenizer _tok = fixture.Tokenizer;

    public static TheoryData<int> LlamaCppCases => new(Enumerable.Range(0, QwenReferenceData.LlamaCpp.Count));
    public static TheoryData<string> MultilingualCases => new(QwenReferenceData.Multilingual.Keys);

    [Fact]
    public void FixturesHaveTheDocumentedSizes()
    {
        Assert.Equal(46, QwenReferenceData.LlamaCpp.Count);
        Assert.Equal("", QwenReferenceData.LlamaCpp[2].Text);
        Assert.Equal(83, QwenReferenceData.Multilingual.Count);
    }

    [Theory]
    [MemberData(nameof(LlamaCppCases))]
    public void LlamaCppStringEncodesToHfIds(int index)
    {
        var (text, ids) = QwenReferenceData.LlamaCpp[index];
        Assert.Equal(ids, _tok.Encode(text));
    }

    [Theory]
    [MemberData(nameof(LlamaCppCases))]
    public void LlamaCppStringRoundTrips(int index)
    {
        string text = QwenReferenceData.LlamaCpp[index].Text;
        Assert.Equal(text, _tok.Decode(_tok.Encode(text)));
    }

    [Theory]
    [MemberData(nameof(MultilingualCases))]
    public void MultilingualStringEncodesToHfIds(string id)
    {
        var c = QwenReferenceData.Multilingual[id];
        Assert.Equal(c.InputIds, _tok.Encode(c.Text, addSpecialTokens: true));
    }

    [Theory]
    [MemberData(nameof(MultilingualCases))]
    public void MultilingualIdsDecodeLikeHf(string id)
    {
        var c = QwenReferenceData.Multilingual[id];
        Assert.Equal(c.DecodedWithSpecial, _tok.Decode(c.InputIds));
        Assert.Equal(c.DecodedSkipSpecial, _tok.Decode(c.InputIds, skipSpecialTokens: true));
    }

    [Theory]
    [MemberData(nameof(MultilingualCases))]
    public void MultilingualStringRoundTrips(string id)
    {
        string text = QwenReferenceData.Multilingual[id].Text;
        Assert.Equal(text, _tok.Decode(_tok.Encode(text)));
    }
}
