using R1Omni.Data;
using R1Omni.Prompts;
using R1Omni.Tokenizers;
using R1Omni.Training.Sft;

namespace R1Omni.Tests.Training.Sft;

/// <summary><c>train_humanomni.py</c>'s tag moving (<c>preprocess_multimodal</c>) and label masking (<c>preprocess</c>)
/// on the shipped Qwen2 tokenizer with the Qwen2.5 template.</summary>
public class SftPreprocessorTests
{
    static readonly Qwen2Tokenizer Tokenizer = Qwen2Tokenizer.Load(TestPaths.Data("tokenizers", "qwen2"));
    static readonly ChatTemplate Template = ChatTemplate.For(ChatTemplateKind.Qwen2_5);
    const string Question = "Which emotion is it?";
    const string System = "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n";

    static SftExample Process(int maxLength = 2048, params (string From, string Value)[] turns) =>
        new SftPreprocessor(Tokenizer, Template, maxLength).Process("x", "x.mp4", turns.Select(t => new ConversationTurn(t.From, t.Value)).ToList());

    static long[] Ids(string text) => MultimodalTokenizer.Tokenize(text, Tokenizer).Select(i => (long)i).ToArray();

    // Runs of trained positions as (start, decoded text).
    static List<(int Start, string Text)> TrainedSpans(SftExample e)
    {
        var spans = new List<(int, string)>();
        for (int i = 0; i < e.Labels.Length;)
        {
            if (e.Labels[i] == SftPreprocessor.IgnoreIndex) { i++; continue; }
            int start = i;
            while (i < e.Labels.Length && e.Labels[i] != SftPreprocessor.IgnoreIndex) i++;
            Assert.Equal(e.Ids[start..i], e.Labels[start..i]);
            spans.Add((start, Tokenizer.Decode(e.Labels[start..i].Select(l => (int)l))));
        }
        return spans;
    }

    static int IndexOf(long[] ids, long[] part, int from)
    {
        for (int i = from; i + part.Length <= ids.Length; i++)
            if (ids.AsSpan(i, part.Length).SequenceEqual(part)) return i;
        return -1;
    }

    [Fact]
    public void OneExchangeTrainsExactlyTheAnswerImEndAndNewline()
    {
        const string answer = "<think>The brows are raised.</think>\n<answer>surprise</answer>";
        var e = Process(turns: [("human", "<video>\n<audio>\n" + Question), ("gpt", answer)]);
        // preprocess_multimodal: tags moved and wrapped (three newlines before the question); then the template's system
        // line, no generation prompt.
        string text = System + "<|im_start|>user\n<vi_start><video><vi_end>\n<au_start><audio><au_end>\n\n\n" + Question + "<|im_end|>\n" +
                      "<|im_start|>assistant\n" + answer + "<|im_end|>\n";
        Assert.Equal(Ids(text), e.Ids);
        int start = IndexOf(e.Ids, Ids("<|im_start|>assistant\n"), 0) + Ids("<|im_start|>assistant\n").Length;
        Assert.Equal([(start, answer + "<|im_end|>\n")], TrainedSpans(e));
        Assert.Equal(e.Ids.Length - start, e.TrainedTokens);
        Assert.Equal(2, e.Ids.Count(i => i < 0));                       // −201 and −202, both masked
        Assert.Equal("<vi_start><vi_end><au_start><audio><au_end>" + Question, e.GateText);
    }

    [Fact]
    public void TwoExchangesTrainBothAnswersAndMaskTheSecondQuestion()
    {
        var e = Process(turns: [("human", "<video>\n<audio>\n" + Question), ("gpt", "happy"), ("human", "Why?"), ("gpt", "<think>smile</think>")]);
        string text = System + "<|im_start|>user\n<vi_start><video><vi_end>\n<au_start><audio><au_end>\n\n\n" + Question + "<|im_end|>\n" +
                      "<|im_start|>assistant\nhappy<|im_end|>\n<|im_start|>user\nWhy?<|im_end|>\n<|im_start|>assistant\n<think>smile</think><|im_end|>\n";
        Assert.Equal(Ids(text), e.Ids);
        long[] header = Ids("<|im_start|>assistant\n");
        int first = IndexOf(e.Ids, header, 0) + header.Length;
        int second = IndexOf(e.Ids, header, first) + header.Length;
        Assert.Equal([(first, "happy<|im_end|>\n"), (second, "<think>smile</think><|im_end|>\n")], TrainedSpans(e));
        // Every other position, the second user turn included, is masked.
        int trained = Ids("happy").Length + 2 + Ids("<think>smile</think>").Length + 2;
        Assert.Equal(trained, e.TrainedTokens);
    }

    [Fact]
    public void IdsAndLabelsAreTruncatedBeforeSplicing()
    {
        var full = Process(turns: [("human", "<video>\n<audio>\n" + Question), ("gpt", "a long answer that will be cut off by the limit")]);
        int limit = full.Ids.Length - 5;
        var cut = Process(limit, [("human", "<video>\n<audio>\n" + Question), ("gpt", "a long answer that will be cut off by the limit")]);
        Assert.Equal(full.Ids[..limit], cut.Ids);
        Assert.Equal(full.Labels[..limit], cut.Labels);
    }

    [Fact]
    public void AVideoOnlyHumanTurnGetsAudio()
    {
        Assert.Equal("<video>\n\n<audio>" + Question, SftPreprocessor.WithAudio("<video>\n" + Question));
        Assert.Equal("<video>\n<audio>\nQ", SftPreprocessor.WithAudio("<video>\n<audio>\nQ"));
        // After tag moving both spellings give the same user turn.
        Assert.Equal(Process(turns: [("human", "<video>\n<audio>\n" + Question), ("gpt", "sad")]).Ids,
                     Process(turns: [("human", "<video>\n" + Question), ("gpt", "sad")]).Ids);
    }

    [Fact]
    public void AConversationMustStartWithAHumanTurn()
    {
        var e = Assert.Throws<R1OmniException>(() => Process(turns: [("gpt", "sad"), ("human", "hi")]));
        Assert.Contains("item 'x'", e.Message);
    }
}
