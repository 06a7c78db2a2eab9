namespace R1Omni.Tests.Tokenizers;

/// <summary>llama.cpp's 46 tokenizer test strings with the ids HF produced for BAAI/bge-small-en-v1.5
/// (bert-base-uncased vocabulary), encoded without [CLS]/[SEP].</summary>
public class BertLlamaCppVocabTests
{
    [Fact]
    public void IdsMatchHf()
    {
        string[] inputs = BertFixtures.Text("ggml-vocab-bert-bge.gguf.inp").Split("\n__ggml_vocab_test__\n");
        Assert.Equal("", inputs[^1]);
        inputs = inputs[..^1];
        string[] expected = BertFixtures.Text("ggml-vocab-bert-bge.gguf.out").Split('\n');
        Assert.Equal(46, inputs.Length);
        var tok = BertFixtures.Tokenizer;
        var bad = new List<string>();
        for (int i = 0; i < inputs.Length; i++)
        {
            int[] want = expected[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
            int[] got = tok.Encode(inputs[i], addSpecialTokens: false);
            if (!got.SequenceEqual(want))
                bad.Add($"#{i} '{inputs[i]}': {BertFixtures.Show(got)} != {BertFixtures.Show(want)}");
        }
        BertFixtures.AssertNone(bad, inputs.Length);
    }
}
