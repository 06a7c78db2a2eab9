using R1Omni.Tokenizers;

namespace R1Omni.Tests.Tokenizers;

public class Qwen2VocabularySubsetTests
{
    static readonly string Source = TestPaths.Data("tokenizers", "qwen2", "tokenizer.json.gz");

    [Fact]
    public void CorpusTextsEncodeToTheSameTokensAndOtherTextsStillRoundTrip()
    {
        string[] corpus =
        [
            "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nWhich emotion is it?<|im_end|>\n",
            "<think>The voice is high-pitched with a rising intonation; it sounds loud.</think>\n<answer>surprise</answer>",
        ];
        string path = Path.Combine(TestPaths.NewTempDir(), "tokenizer.json");
        var subset = Qwen2VocabularySubset.Write(Source, corpus, path);
        var full = Qwen2Tokenizer.FromFiles(Source, null);

        Assert.True(subset.VocabSize < 1000, $"{subset.VocabSize} tokens");
        foreach (string text in corpus)
        {
            var expected = full.Encode(text).Select(full.IdToToken).ToArray();
            Assert.Equal(expected, subset.Encode(text).Select(subset.IdToToken).ToArray());
            Assert.Equal(text, subset.Decode(subset.Encode(text)));
        }
        // Added tokens come after the ordinary ones, in their original order; nothing is lost from the added vocabulary.
        Assert.Equal(full.AddedTokens.Select(t => t.Content), subset.AddedTokens.Select(t => t.Content));
        Assert.Equal(subset.AddedTokens.Min(t => t.Id), subset.VocabSize - subset.AddedTokens.Count);
        Assert.Equal(subset.ImEndId, subset.TokenToId("<|im_end|>"));
        // A text the corpus never had still encodes (into smaller pieces) and decodes back.
        const string other = "Zebras juggle quietly — naïve café 42!";
        Assert.Equal(other, subset.Decode(subset.Encode(other)));
        Assert.True(subset.Encode(other).Length >= full.Encode(other).Length);
    }
}
