using R1Omni.Prompts;
using R1Omni.Tokenizers;

namespace R1Omni.Training.Grpo;

/// <summary>
/// A GRPO prompt as the model reads it: the Qwen2-VL-rendered rollout prompt (spec §3.6) as ids with the
/// <c>&lt;video&gt;</c>/<c>&lt;audio&gt;</c> placeholders (§3.7) of its <see cref="Modality"/>, and the BERT ids of the gate
/// text QUESTION_TEMPLATE(problem) (§3.8).
/// </summary>
public sealed record GrpoPrompt(string Problem, long[] Ids, long[] BertIds, PromptModality Modality = PromptModality.VideoAudio)
{
    public static GrpoPrompt For(string problem, Qwen2Tokenizer tokenizer, BertTokenizer bertTokenizer, PromptModality modality = PromptModality.VideoAudio) => new(
        problem,
        MultimodalTokenizer.Tokenize(R1OmniPrompts.GrpoPrompt(problem, modality), tokenizer).Select(i => (long)i).ToArray(),
        bertTokenizer.Encode(R1OmniPrompts.GrpoGateText(problem)).Select(i => (long)i).ToArray(),
        modality);
}
