using R1Omni.Prompts;
using R1Omni.Tests.Tokenizers;
using R1Omni.Tokenizers;

namespace R1Omni.Tests.Prompts;

/// <summary>Prompt ids with the real tokenizer: text chunks are encoded separately around −201/−202 (as
/// <c>tokenizer_multimodal_token</c> in <c>humanomni/mm_utils.py</c> does).</summary>
[Collection(Qwen2TokenizerCollection.Name)]
public class MultimodalTokenizerTests(Qwen2TokenizerFixture fixture)
{
    readonly Qwen2Tokenizer _tok = fixture.Tokenizer;

    [Fact]
    public void InferencePromptIdsAreTheChunksAroundThePlaceholders()
    {
        string prompt = R1OmniPrompts.InferencePrompt(ChatTemplate.For(ChatTemplateKind.Qwen2VL), R1OmniPrompts.EvalInstruct);
        int[] ids = MultimodalTokenizer.Tokenize(prompt, _tok);

        int[] expected =
        [
            .. _tok.Encode("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n<vi_start>"),
            -201,
            .. _tok.Encode("<vi_end>\n<au_start>"),
            -202,
            .. _tok.Encode("<au_end>\n" + R1OmniPrompts.EvalInstruct + "<|im_end|>\n<|im_start|>assistant\n"),
        ];
        Assert.Equal(expected, ids);
        Assert.Equal(1, ids.Count(id => id == -201));
        Assert.Equal(1, ids.Count(id => id == -202));
        // "<vi_end>\n<au_start>" is a chunk of its own: exactly its ids lie between the placeholders.
        int video = Array.IndexOf(ids, -201), audio = Array.IndexOf(ids, -202);
        Assert.Equal(_tok.Encode("<vi_end>\n<au_start>"), ids[(video + 1)..audio]);
        Assert.Equal("<vi_end>\n<au_start>", _tok.Decode(ids[(video + 1)..audio]));
    }

    [Fact]
    public void PromptHeadHasTheKnownQwenIds()
    {
        int[] ids = MultimodalTokenizer.Tokenize(R1OmniPrompts.InferencePrompt(ChatTemplate.For(ChatTemplateKind.Qwen2VL), "Q"), _tok);
        int[] head = [151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198, 151644, 872, 198];
        Assert.Equal(head, ids[..head.Length]);
        string[] tokens = ["<|im_start|>", "system", "Ċ", "You", "Ġare", "Ġa", "Ġhelpful", "Ġassistant", ".", "<|im_end|>", "Ċ", "<|im_start|>", "user", "Ċ"];
        Assert.Equal(tokens, head.Select(id => _tok.IdToToken(id)));
        // The wrapper strings are plain BPE text, not special tokens: "<vi_start>" is "<", "vi", "_start", ">".
        Assert.Equal(["<", "vi", "_start", ">"], ids[head.Length..(head.Length + 4)].Select(id => _tok.IdToToken(id)));
        Assert.Equal(-201, ids[head.Length + 4]);
        Assert.Equal([151645, 198, 151644, 77091, 198], ids[^5..]);
    }

    [Fact]
    public void GrpoPromptKeepsTheVisionTokensAsVocabularyIds()
    {
        int[] ids = MultimodalTokenizer.Tokenize(R1OmniPrompts.GrpoPrompt(), _tok);
        int start = Array.IndexOf(ids, 151652);
        Assert.Equal([151652, 151656, 151653], ids[start..(start + 3)]);
        Assert.True(Array.IndexOf(ids, -201) > start && Array.IndexOf(ids, -202) > Array.IndexOf(ids, -201));
        // <think> and </think> are ordinary text in Qwen2.5 / Qwen2-VL.
        Assert.Contains("<think> </think>", _tok.Decode(ids.Where(id => id >= 0)));
        Assert.DoesNotContain(ids, id => id > 151664);
    }

    [Fact]
    public void PlaceholdersSplitInModalIndexMapOrder()
    {
        int[] a = _tok.Encode("a"), b = _tok.Encode("b"), c = _tok.Encode("c"), d = _tok.Encode("d");
        Assert.Equal([.. a, -200, .. b, -201, .. c, -202, .. d], MultimodalTokenizer.Tokenize("a<image>b<video>c<audio>d", _tok));
        Assert.Equal([-201, -202, -201], MultimodalTokenizer.Tokenize("<video><audio><video>", _tok));
        Assert.Equal(_tok.Encode("no media"), MultimodalTokenizer.Tokenize("no media", _tok));
        Assert.Empty(MultimodalTokenizer.Tokenize("", _tok));
    }

    [Fact]
    public void PlaceholderConstantsMatchHumanOmni()
    {
        Assert.Equal([("<audio>", -202), ("<video>", -201), ("<image>", -200)], ModalPlaceholders.IndexMap);
        Assert.Equal("<vi_start><video><vi_end>", ModalPlaceholders.Wrapped(ModalPlaceholders.Video));
        Assert.Equal("<au_start><audio><au_end>", ModalPlaceholders.Wrapped(ModalPlaceholders.Audio));
        Assert.Equal("<im_start><image><im_end>", ModalPlaceholders.Wrapped(ModalPlaceholders.Image));
    }
}
