namespace R1Omni.Tests.Tokenizers;

/// <summary>HF slow-tokenizer rules that the reference files do not reach.</summary>
public class BertTokenizerBehaviourTests
{
    [Fact]
    public void SpecialTokensWrittenInTheTextStayWhole()
    {
        var tok = BertFixtures.Tokenizer;
        Assert.Equal(["hello", "[SEP]", "world", "[MASK]"], tok.Tokenize("Hello[SEP] world [MASK]"));
        Assert.Equal([101, 7592, 102, 2088, 102], tok.Encode("hello [SEP] world"));
        // Only the exact spelling is special; a lower-case copy is ordinary text split on punctuation.
        Assert.Equal(["[", "sep", "]"], tok.Tokenize("[sep]"));
    }

    [Fact]
    public void ControlCharactersVanishAndLineSeparatorsSplitWords()
    {
        var tok = BertFixtures.Tokenizer;
        Assert.Equal(["abc"], tok.BasicTokenize("a\u0000b\uFFFD\u200Bc"));
        Assert.Equal(["a", "b", "c"], tok.BasicTokenize("a\u2028b\u00A0c"));
    }

    [Fact]
    public void LowerCasingIsPythonsPerCharacter()
    {
        var tok = BertFixtures.Tokenizer;
        // Python lowers U+0130 to "i" + U+0307, and the combining dot is then stripped with the accents.
        Assert.Equal(["istanbul"], tok.BasicTokenize("\u0130STANBUL"));
        // HF lowers character by character, so a word-final capital sigma becomes σ, not ς.
        Assert.Equal(["οδοσ"], tok.BasicTokenize("ΟΔΟΣ"));
    }

    [Fact]
    public void DecodingRejectsIdsOutsideTheVocabulary() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BertFixtures.Tokenizer.Decode([101, 30522]));
}
