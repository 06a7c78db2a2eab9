using static R1Omni.Prompts.ModalPlaceholders;

namespace R1Omni.Prompts;

/// <summary>
/// The exact prompt strings of each R1-Omni stage and the text the BERT instruction gate reads in each: inference
/// (<c>mm_infer</c> in <c>humanomni/__init__.py</c>, the evaluation scripts' question), SFT (<c>train_humanomni.py</c>)
/// and GRPO (<c>grpo.py</c> and <c>humanOmni_grpo_trainer.py</c>). Prompts still contain the
/// "&lt;video&gt;"/"&lt;audio&gt;" placeholders; turn them into ids with <see cref="MultimodalTokenizer"/>.
/// </summary>
public static class R1OmniPrompts
{
    /// <summary>README demo instruct (R1-Omni, EMER-SFT), with <b>two spaces</b> before "Output".</summary>
    public const string DemoInstruct =
        "As an emotional recognition expert; throughout the video, which emotion conveyed by the characters is the most obvious to you?  " +
        "Output the thinking process in <think> </think> and final emotion in <answer> </answer> tags.";

    /// <summary>The evaluation scripts' instruct (all four models): no options, no think/answer request, a trailing newline.</summary>
    public const string EvalInstruct =
        "As an emotional recognition expert, in the video, when the characters display their emotions, which predominant feeling is most clearly expressed?\n";

    /// <summary>The problem text of every GRPO sample.</summary>
    public const string GrpoProblem =
        "As an emotional recognition expert; throughout the video, which emotion conveyed by the characters is the most obvious to you?";

    /// <summary>GRPO's <c>QUESTION_TEMPLATE</c>: the question, one newline, the think/answer instruction (single spaces).</summary>
    public static string QuestionTemplate(string question) =>
        question + "\nOutput the thinking process in <think> </think> and final emotion in <answer> </answer> tags.";

    /// <summary>
    /// The user content <c>mm_infer</c> builds: "&lt;video&gt;\n&lt;audio&gt;\n" + instruct for
    /// <see cref="PromptModality.VideoAudio"/>, "&lt;video&gt;\n" + instruct for video only and "&lt;audio&gt;\n" +
    /// instruct for audio only.
    /// </summary>
    public static string InferenceUserContent(string instruct, PromptModality modality = PromptModality.VideoAudio) => modality switch
    {
        PromptModality.VideoAudio => $"{Video}\n{Audio}\n{instruct}",
        PromptModality.Video => $"{Video}\n{instruct}",
        PromptModality.Audio => $"{Audio}\n{instruct}",
        _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, "unknown prompt modality"),
    };

    /// <summary>
    /// The inference/evaluation prompt: one user message (no system message, so the template's default system text
    /// applies), rendered with the generation prompt, then "&lt;video&gt;" → "&lt;vi_start&gt;&lt;video&gt;&lt;vi_end&gt;"
    /// and "&lt;audio&gt;" → "&lt;au_start&gt;&lt;audio&gt;&lt;au_end&gt;" over the whole text (<c>mm_use_x_start_end</c>).
    /// The video-only and audio-only variants are wrapped the same way.
    /// </summary>
    public static string InferencePrompt(ChatTemplate template, string instruct, PromptModality modality = PromptModality.VideoAudio)
    {
        string rendered = template.Render([ChatMessage.User(InferenceUserContent(instruct, modality))], addGenerationPrompt: true);
        return rendered.Replace(Video, Wrapped(Video)).Replace(Audio, Wrapped(Audio));
    }

    /// <summary>BERT gate text at inference/evaluation: exactly the instruct argument (trailing newline included).</summary>
    public static string InferenceGateText(string instruct) => instruct;

    /// <summary>
    /// GRPO's conversation: one user message with a video item and a text item
    /// "&lt;vi_start&gt;&lt;video&gt;&lt;vi_end&gt;\n&lt;au_start&gt;&lt;audio&gt;&lt;au_end&gt;\n" + QUESTION_TEMPLATE(problem).
    /// The single-modality ablations keep only that modality's wrapped placeholder and line; audio only also drops the
    /// video item, so nothing in the prompt refers to the frames.
    /// </summary>
    public static IReadOnlyList<ChatMessage> GrpoMessages(string problem = GrpoProblem, PromptModality modality = PromptModality.VideoAudio)
    {
        var text = ChatContentItem.OfText(MediaPrefix(modality) + QuestionTemplate(problem));
        return [modality == PromptModality.Audio ? ChatMessage.User(text) : ChatMessage.User(ChatContentItem.Video, text)];
    }

    /// <summary>The GRPO rollout prompt, always rendered with the Qwen2-VL template (the trainer hard-codes Qwen2-VL's
    /// processor), so it starts with the Qwen2-VL default system text and (unless audio only) holds the three vision tokens.</summary>
    public static string GrpoPrompt(string problem = GrpoProblem, PromptModality modality = PromptModality.VideoAudio) =>
        ChatTemplate.For(ChatTemplateKind.Qwen2VL).Render(GrpoMessages(problem, modality), addGenerationPrompt: true);

    /// <summary>The wrapped placeholders of a modality, one per line: "&lt;vi_start&gt;&lt;video&gt;&lt;vi_end&gt;\n&lt;au_start&gt;&lt;audio&gt;&lt;au_end&gt;\n" for both.</summary>
    public static string MediaPrefix(PromptModality modality) => modality switch
    {
        PromptModality.VideoAudio => $"{Wrapped(Video)}\n{Wrapped(Audio)}\n",
        PromptModality.Video => $"{Wrapped(Video)}\n",
        PromptModality.Audio => $"{Wrapped(Audio)}\n",
        _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, "unknown prompt modality"),
    };

    /// <summary>BERT gate text in GRPO (policy and reference): QUESTION_TEMPLATE(problem), taken before the media prefix is added.</summary>
    public static string GrpoGateText(string problem = GrpoProblem) => QuestionTemplate(problem);

    /// <summary>
    /// The SFT user turn made from a dataset "human" value by <c>preprocess_multimodal</c> (<c>train_humanomni.py</c>):
    /// for "&lt;audio&gt;", "&lt;video&gt;", "&lt;image&gt;" in that order, if present, delete it, strip, prepend it
    /// plus "\n", then wrap every occurrence in its start/end strings. "&lt;video&gt;\n&lt;audio&gt;\nQ" becomes
    /// "&lt;vi_start&gt;&lt;video&gt;&lt;vi_end&gt;\n&lt;au_start&gt;&lt;audio&gt;&lt;au_end&gt;\n\n\nQ" (three
    /// newlines).
    /// </summary>
    public static string SftUserTurn(string humanValue)
    {
        string value = humanValue;
        foreach (var (placeholder, _) in IndexMap)
        {
            if (!value.Contains(placeholder, StringComparison.Ordinal)) continue;
            value = placeholder + "\n" + PythonStrip(value.Replace(placeholder, ""));
            value = value.Replace(placeholder, Wrapped(placeholder));
        }
        return value;
    }

    /// <summary>An SFT conversation (render it with the checkpoint's own template, no generation prompt): the processed
    /// user turn and the raw answer.</summary>
    public static IReadOnlyList<ChatMessage> SftMessages(string humanValue, string answer) =>
        [ChatMessage.User(SftUserTurn(humanValue)), ChatMessage.Assistant(answer)];

    /// <summary>
    /// A dataset "human" value restricted to one modality for the modality ablations: every placeholder removed and the
    /// modality's own placed in front ("&lt;video&gt;\n" or "&lt;audio&gt;\n"), which <see cref="SftUserTurn"/> then wraps.
    /// Video+audio (the reference) returns the value unchanged.
    /// </summary>
    public static string SftHumanValue(string humanValue, PromptModality modality) => modality switch
    {
        PromptModality.VideoAudio => humanValue,
        PromptModality.Video => $"{Video}\n{WithoutPlaceholders(humanValue)}",
        PromptModality.Audio => $"{Audio}\n{WithoutPlaceholders(humanValue)}",
        _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, "unknown prompt modality"),
    };

    static string WithoutPlaceholders(string value) =>
        PythonStrip(IndexMap.Aggregate(value, (v, p) => v.Replace(p.Placeholder, "", StringComparison.Ordinal)));

    /// <summary>The dataset "human" value of an SFT item with video and audio (as R1-Omni's README example writes it).</summary>
    public static string SftHumanValue(string question) => $"{Video}\n{Audio}\n{question}";

    /// <summary>BERT gate text in SFT: the processed user turn with "&lt;image&gt;", "\n" and "&lt;video&gt;" deleted
    /// (not "&lt;audio&gt;" nor the wrappers), e.g. "&lt;vi_start&gt;&lt;vi_end&gt;&lt;au_start&gt;&lt;audio&gt;&lt;au_end&gt;Q".</summary>
    public static string SftGateText(string userTurn) => userTurn.Replace(Image, "").Replace("\n", "").Replace(Video, "");

    // Python's str.strip(): its whitespace is char.IsWhiteSpace plus the separators U+001C..U+001F.
    static string PythonStrip(string s)
    {
        static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\u001C' and <= '\u001F';
        int start = 0, end = s.Length;
        while (start < end && IsSpace(s[start])) start++;
        while (end > start && IsSpace(s[end - 1])) end--;
        return s[start..end];
    }
}
