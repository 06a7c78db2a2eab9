using System.IO.Compression;
using System.Text.Json.Nodes;
using R1Omni.Tokenizers;
using static R1Omni.Tests.Tokenizers.TinyQwenTokenizerFiles;

namespace R1Omni.Tests.Tokenizers;

public class Qwen2TokenizerLoadingTests
{
    static int Byte(char c) => c;  // in the tiny vocabulary a printable ASCII byte's id is its code

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MergesAsStringsOrPairsGiveTheSameIds(bool mergesAsPairs)
    {
        var tok = Qwen2Tokenizer.FromFiles(Write(TokenizerJson(mergesAsPairs)), null);
        Assert.Equal([Hell, Byte('o'), SpaceW, Byte('o'), Byte('r'), Byte('l'), Byte('d')], tok.Encode("hello world"));
        Assert.Equal([ImStart, Hell, ImEnd], tok.Encode("<|im_start|>hell<|im_end|>"));
        Assert.Equal(256 + 4 + 3, tok.VocabSize);
    }

    [Fact]
    public void LoadReadsGzipAndTheConfigFromAFolder()
    {
        string dir = TestPaths.NewTempDir();
        using (var gz = new GZipStream(File.Create(Path.Combine(dir, "tokenizer.json.gz")), CompressionLevel.Fastest))
        using (var w = new StreamWriter(gz)) w.Write(TokenizerJson(true).ToJsonString());
        Write(new JsonObject
        {
            ["eos_token"] = "<|im_end|>",
            ["pad_token"] = new JsonObject { ["__type"] = "AddedToken", ["content"] = "<|endoftext|>" },
            ["bos_token"] = null,
            ["chat_template"] = "{{ messages }}",
            ["added_tokens_decoder"] = new JsonObject
            {
                ["301"] = new JsonObject { ["content"] = "<|im_start|>", ["special"] = true },
                ["303"] = new JsonObject { ["content"] = "<extra>", ["special"] = false },
            },
        }, "tokenizer_config.json", dir);

        var tok = Qwen2Tokenizer.Load(dir);
        Assert.Equal(ImEnd, tok.EosTokenId);
        Assert.Equal(EndOfText, tok.PadTokenId);
        Assert.Null(tok.BosTokenId);
        Assert.Equal("{{ messages }}", tok.ChatTemplate);
        // A token only the config lists is added, as transformers does; it is not special.
        Assert.Equal([303, Hell], tok.Encode("<extra>hell"));
        Assert.Equal("<extra>hell", tok.Decode([303, ImEnd, Hell], skipSpecialTokens: true));
        Assert.Equal(264, tok.VocabSize);
    }

    [Fact]
    public void WithoutAConfigEosAndPadAreUnknown()
    {
        var tok = Qwen2Tokenizer.FromFiles(Write(TokenizerJson(false)), null);
        Assert.Null(tok.EosTokenId);
        Assert.Null(tok.PadTokenId);
        Assert.Null(tok.ChatTemplate);
        Assert.Equal((ImStart, ImEnd, EndOfText), (tok.ImStartId, tok.ImEndId, tok.EndOfTextId));
    }

    public static TheoryData<string, string> BadTokenizerJsons => new()
    {
        { "remove model.vocab", "'model.vocab'" },
        { "model.type WordPiece", "'model.type' is \"WordPiece\", expected \"BPE\"" },
        { "merge with three parts", "'model.merges[0]'" },
        { "other regex", "'pre_tokenizer.pretokenizers[0]'" },
        { "no <|im_start|>", "'added_tokens' has no \"<|im_start|>\"" },
        { "lstrip added token", "'added_tokens[0].lstrip' is true" },
        { "vocab id not a number", "'model.vocab[\"he\"]'" },
        { "byte_fallback", "'model.byte_fallback' is true" },
        { "decoder WordPiece", "'decoder.type'" },
    };

    [Theory]
    [MemberData(nameof(BadTokenizerJsons))]
    public void BadTokenizerJsonNamesTheFileAndKey(string change, string expected)
    {
        var json = TokenizerJson(false);
        var model = json["model"]!.AsObject();
        switch (change)
        {
            case "remove model.vocab": model.Remove("vocab"); break;
            case "model.type WordPiece": model["type"] = "WordPiece"; break;
            case "merge with three parts": model["merges"]![0] = "h e x"; break;
            case "other regex": json["pre_tokenizer"]!["pretokenizers"]![0]!["pattern"]!["Regex"] = @"\w+"; break;
            case "no <|im_start|>": json["added_tokens"]!.AsArray().RemoveAt(1); break;
            case "lstrip added token": json["added_tokens"]![0]!["lstrip"] = true; break;
            case "vocab id not a number": model["vocab"]!["he"] = "256"; break;
            case "byte_fallback": model["byte_fallback"] = true; break;
            case "decoder WordPiece": json["decoder"]!["type"] = "WordPiece"; break;
        }
        string path = Write(json);
        var e = Assert.Throws<R1OmniException>(() => Qwen2Tokenizer.FromFiles(path, null));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void InvalidJsonAndMissingFilesAreClearErrors()
    {
        string dir = TestPaths.NewTempDir();
        string bad = Path.Combine(dir, "tokenizer.json");
        File.WriteAllText(bad, "{ \"model\": ");
        Assert.Contains($"{bad}: malformed JSON at line 1", Assert.Throws<R1OmniException>(() => Qwen2Tokenizer.Load(dir)).Message);

        string empty = TestPaths.NewTempDir();
        Assert.Contains("neither tokenizer.json nor tokenizer.json.gz", Assert.Throws<R1OmniException>(() => Qwen2Tokenizer.Load(empty)).Message);
        Assert.Contains("file not found", Assert.Throws<R1OmniException>(() => Qwen2Tokenizer.FromFiles(Path.Combine(empty, "x.json"), null)).Message);
    }

    [Fact]
    public void ConfigThatDisagreesWithTokenizerJsonIsAnError()
    {
        string tokenizer = Write(TokenizerJson(false));
        string config = Write(new JsonObject
        {
            ["added_tokens_decoder"] = new JsonObject { ["301"] = new JsonObject { ["content"] = "<|im_begin|>" } },
        }, "tokenizer_config.json");
        var e = Assert.Throws<R1OmniException>(() => Qwen2Tokenizer.FromFiles(tokenizer, config));
        Assert.Contains(config, e.Message);
        Assert.Contains("'added_tokens_decoder.301'", e.Message);

        string badEos = Write(new JsonObject { ["eos_token"] = "</s>" }, "tokenizer_config.json");
        var e2 = Assert.Throws<R1OmniException>(() => Qwen2Tokenizer.FromFiles(tokenizer, badEos));
        Assert.Contains("'eos_token' is \"</s>\", which is not in the vocabulary", e2.Message);
    }
}
