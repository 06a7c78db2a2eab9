using R1Omni.Prompts;
using R1Omni.Tokenizers;
using R1Omni.Training.Grpo;
using R1Omni.Training.Sft;
using R1Omni.Data;

namespace R1Omni.Tests.Prompts;

/// <summary>The prompts of the modality ablations: only the chosen modality's placeholder, the rest as the reference.</summary>
public class ModalityPromptTests
{
    static readonly Qwen2Tokenizer Tokenizer = Qwen2Tokenizer.Load(TestPaths.Data("tokenizers", "qwen2"));
    const string Head = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n";
    static readonly string Question = R1OmniPrompts.QuestionTemplate(R1OmniPrompts.GrpoProblem) + "<|im_end|>\n<|im_start|>assistant\n";

    [Fact]
    public void GrpoPromptsCarryOnlyTheirModalitysPlaceholder()
    {
        Assert.Equal(R1OmniPrompts.GrpoPrompt(), R1OmniPrompts.GrpoPrompt(modality: PromptModality.VideoAudio));
        Assert.Equal(Head + "<|vision_start|><|video_pad|><|vision_end|><vi_start><video><vi_end>\n" + Question,
                     R1OmniPrompts.GrpoPrompt(modality: PromptModality.Video));
        // Audio only drops the video item too: nothing refers to the frames.
        Assert.Equal(Head + "<au_start><audio><au_end>\n" + Question, R1OmniPrompts.GrpoPrompt(modality: PromptModality.Audio));

        long[] Placeholders(PromptModality m) =>
            GrpoPrompt.For(R1OmniPrompts.GrpoProblem, Tokenizer, BertTokenizer.Load(TestPaths.Data("tokenizers", "bert-base-uncased")), m)
                .Ids.Where(i => i < 0).ToArray();
        Assert.Equal([ModalPlaceholders.VideoIndex, ModalPlaceholders.AudioIndex], Placeholders(PromptModality.VideoAudio));
        Assert.Equal([ModalPlaceholders.VideoIndex], Placeholders(PromptModality.Video));
        Assert.Equal([ModalPlaceholders.AudioIndex], Placeholders(PromptModality.Audio));
    }

    [Fact]
    public void SftHumanTurnKeepsOnlyTheModalitysPlaceholder()
    {
        string human = R1OmniPrompts.SftHumanValue("Which emotion?");
        Assert.Equal(human, R1OmniPrompts.SftHumanValue(human, PromptModality.VideoAudio));
        Assert.Equal("<video>\nWhich emotion?", R1OmniPrompts.SftHumanValue(human, PromptModality.Video));
        Assert.Equal("<audio>\nWhich emotion?", R1OmniPrompts.SftHumanValue(human, PromptModality.Audio));

        var template = ChatTemplate.For(ChatTemplateKind.Qwen2_5);
        SftExample Process(PromptModality m) => new SftPreprocessor(Tokenizer, template, 2048, m)
            .Process("x", "x.mp4", [new(ConversationTurn.Human, human), new(ConversationTurn.Gpt, "happy")]);
        Assert.Equal([ModalPlaceholders.VideoIndex, ModalPlaceholders.AudioIndex], Process(PromptModality.VideoAudio).Ids.Where(i => i < 0));
        var video = Process(PromptModality.Video);
        Assert.Equal([ModalPlaceholders.VideoIndex], video.Ids.Where(i => i < 0));
        Assert.Equal("<vi_start><vi_end>Which emotion?", video.GateText);
        var audio = Process(PromptModality.Audio);
        Assert.Equal([ModalPlaceholders.AudioIndex], audio.Ids.Where(i => i < 0));
        Assert.Equal("<au_start><audio><au_end>Which emotion?", audio.GateText);
        // The answer is trained the same way in every mode.
        Assert.Equal(Process(PromptModality.VideoAudio).TrainedTokens, audio.TrainedTokens);
    }
}
