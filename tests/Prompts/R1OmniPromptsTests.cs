using R1Omni.Prompts;

namespace R1Omni.Tests.Prompts;

/// <summary>The prompt strings of each stage, character for character as the reference builds them (<c>mm_infer</c> and
/// the evaluation scripts, <c>grpo.py</c> and its trainer, <c>train_humanomni.py</c>'s
/// <c>preprocess_multimodal</c>).</summary>
public class R1OmniPromptsTests
{
    static readonly ChatTemplate Qwen2VL = ChatTemplate.For(ChatTemplateKind.Qwen2VL);
    static readonly ChatTemplate Qwen2_5 = ChatTemplate.For(ChatTemplateKind.Qwen2_5);

    [Fact]
    public void InstructTextsAreExact()
    {
        Assert.Equal("As an emotional recognition expert; throughout the video, which emotion conveyed by the characters is the most obvious to you?  Output the thinking process in <think> </think> and final emotion in <answer> </answer> tags.",
            R1OmniPrompts.DemoInstruct);
        Assert.Equal("As an emotional recognition expert, in the video, when the characters display their emotions, which predominant feeling is most clearly expressed?\n",
            R1OmniPrompts.EvalInstruct);
        Assert.Equal("As an emotional recognition expert; throughout the video, which emotion conveyed by the characters is the most obvious to you?\nOutput the thinking process in <think> </think> and final emotion in <answer> </answer> tags.",
            R1OmniPrompts.QuestionTemplate(R1OmniPrompts.GrpoProblem));
    }

    [Fact]
    public void InferencePromptWithQwen2VLTemplate()
    {
        Assert.Equal(
            "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n<vi_start><video><vi_end>\n<au_start><audio><au_end>\n" +
            "As an emotional recognition expert; throughout the video, which emotion conveyed by the characters is the most obvious to you?  Output the thinking process in <think> </think> and final emotion in <answer> </answer> tags." +
            "<|im_end|>\n<|im_start|>assistant\n",
            R1OmniPrompts.InferencePrompt(Qwen2VL, R1OmniPrompts.DemoInstruct));
    }

    [Fact]
    public void EvalPromptWithQwen25Template()
    {
        Assert.Equal(
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\n<vi_start><video><vi_end>\n<au_start><audio><au_end>\n" +
            "As an emotional recognition expert, in the video, when the characters display their emotions, which predominant feeling is most clearly expressed?\n" +
            "<|im_end|>\n<|im_start|>assistant\n",
            R1OmniPrompts.InferencePrompt(Qwen2_5, R1OmniPrompts.EvalInstruct));
    }

    [Fact]
    public void VideoOnlyAndAudioOnlyPromptsAreWrappedTheSameWay()
    {
        Assert.Equal("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n<vi_start><video><vi_end>\nQ<|im_end|>\n<|im_start|>assistant\n",
            R1OmniPrompts.InferencePrompt(Qwen2VL, "Q", PromptModality.Video));
        Assert.Equal("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n<au_start><audio><au_end>\nQ<|im_end|>\n<|im_start|>assistant\n",
            R1OmniPrompts.InferencePrompt(Qwen2VL, "Q", PromptModality.Audio));
    }

    [Fact]
    public void GrpoPromptIsTheQwen2VLRenderingWithAVideoItem()
    {
        Assert.Equal(
            "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n<|vision_start|><|video_pad|><|vision_end|><vi_start><video><vi_end>\n<au_start><audio><au_end>\n" +
            "As an emotional recognition expert; throughout the video, which emotion conveyed by the characters is the most obvious to you?\nOutput the thinking process in <think> </think> and final emotion in <answer> </answer> tags." +
            "<|im_end|>\n<|im_start|>assistant\n",
            R1OmniPrompts.GrpoPrompt());
        var message = Assert.Single(R1OmniPrompts.GrpoMessages());
        Assert.Equal(ChatContentType.Video, message.Items![0].Type);
    }

    [Fact]
    public void SftUserTurnHasThreeNewlinesBeforeTheQuestion()
    {
        string human = R1OmniPrompts.SftHumanValue("Which emotion?");
        Assert.Equal("<video>\n<audio>\nWhich emotion?", human);
        Assert.Equal("<vi_start><video><vi_end>\n<au_start><audio><au_end>\n\n\nWhich emotion?", R1OmniPrompts.SftUserTurn(human));
        // A turn with video only gets no audio wrapper; surrounding whitespace is stripped as Python's strip() does.
        Assert.Equal("<vi_start><video><vi_end>\nQ", R1OmniPrompts.SftUserTurn(" Q <video>\u001F"));
    }

    [Fact]
    public void SftConversationUsesTheCheckpointTemplate()
    {
        var messages = R1OmniPrompts.SftMessages(R1OmniPrompts.SftHumanValue("Q?"), "<think>x</think>\n<answer>happy</answer>");
        Assert.Equal(
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n" +
            "<|im_start|>user\n<vi_start><video><vi_end>\n<au_start><audio><au_end>\n\n\nQ?<|im_end|>\n" +
            "<|im_start|>assistant\n<think>x</think>\n<answer>happy</answer><|im_end|>\n",
            Qwen2_5.Render(messages, addGenerationPrompt: false));
    }

    [Fact]
    public void GateTextsOfEachStage()
    {
        Assert.Equal(R1OmniPrompts.EvalInstruct, R1OmniPrompts.InferenceGateText(R1OmniPrompts.EvalInstruct));
        Assert.Equal(R1OmniPrompts.QuestionTemplate(R1OmniPrompts.GrpoProblem), R1OmniPrompts.GrpoGateText());
        string turn = R1OmniPrompts.SftUserTurn(R1OmniPrompts.SftHumanValue("Which\nemotion?"));
        Assert.Equal("<vi_start><vi_end><au_start><audio><au_end>Whichemotion?", R1OmniPrompts.SftGateText(turn));
    }
}
