using R1Omni.Tokenizers;

namespace R1Omni.Tests.Tokenizers;

/// <summary>Loading vocab.txt / a tokenizer folder, and the errors for bad files.</summary>
public class BertTokenizerLoadTests
{
    const string Specials = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n";

    [Fact]
    public void ShippedVocabularyHasBertBaseUncasedSpecialIds()
    {
        var tok = BertFixtures.Tokenizer;
        Assert.Equal(30522, tok.VocabSize);
        Assert.Equal((0, 100, 101, 102), (tok.PadTokenId, tok.UnkTokenId, tok.ClsTokenId, tok.SepTokenId));
        Assert.Equal("[MASK]", tok.IdToToken(103));
        Assert.Equal(tok.UnkTokenId, tok.TokenToId("no-such-token"));
    }

    [Fact]
    public void AFolderIsLoadedWithItsTokenizerConfig()
    {
        string dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir, "vocab.txt"), Specials + "Hello\nhello\n");
        Assert.Equal(["hello"], BertTokenizer.Load(dir).Tokenize("Hello"));

        File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"), """{"do_lower_case": false, "model_max_length": 128}""");
        var cased = BertTokenizer.Load(dir);
        Assert.Equal(["Hello"], cased.Tokenize("Hello"));
        Assert.False(cased.BasicTokenizer.StripAccents);
        Assert.Equal(128, cased.Config.ModelMaxLength);
    }

    [Fact]
    public void MissingVocabularyNamesThePath()
    {
        string dir = TestPaths.NewTempDir();
        string file = Path.Combine(dir, "missing.txt");
        Assert.Contains(file, Assert.Throws<R1OmniException>(() => BertTokenizer.Load(file)).Message);
        Assert.Contains(Path.Combine(dir, "vocab.txt"), Assert.Throws<R1OmniException>(() => BertTokenizer.Load(dir)).Message);
    }

    [Fact]
    public void EmptyVocabularyIsRejected()
    {
        string file = Path.Combine(TestPaths.NewTempDir(), "vocab.txt");
        File.WriteAllText(file, "");
        var e = Assert.Throws<R1OmniException>(() => BertTokenizer.Load(file));
        Assert.Contains(file, e.Message);
        Assert.Contains("empty", e.Message);
    }

    [Theory]
    [InlineData("[UNK]")]
    [InlineData("[CLS]")]
    [InlineData("[SEP]")]
    [InlineData("[PAD]")]
    public void VocabularyWithoutARequiredSpecialTokenIsRejected(string missing)
    {
        string file = Path.Combine(TestPaths.NewTempDir(), "vocab.txt");
        File.WriteAllText(file, Specials.Replace(missing + "\n", "") + "hello\n");
        var e = Assert.Throws<R1OmniException>(() => BertTokenizer.Load(file));
        Assert.Contains(file, e.Message);
        Assert.Contains($"no {missing} token", e.Message);
    }

    [Theory]
    [InlineData("""{"do_lower_case": "yes"}""", "'do_lower_case'")]
    [InlineData("""{"model_max_length": 1.5}""", "'model_max_length'")]
    [InlineData("""{"do_lower_case": """, "malformed JSON at line 1")]
    [InlineData("""[true]""", "JSON object")]
    public void BadTokenizerConfigNamesFileAndKey(string json, string expected)
    {
        string dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir, "vocab.txt"), Specials);
        string config = Path.Combine(dir, "tokenizer_config.json");
        File.WriteAllText(config, json);
        var e = Assert.Throws<R1OmniException>(() => BertTokenizer.Load(dir));
        Assert.Contains(config, e.Message);
        Assert.Contains(expected, e.Message);
    }
}
