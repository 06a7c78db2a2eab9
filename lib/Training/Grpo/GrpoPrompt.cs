using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using R1Omni.Tokenizers;

namespace R1Omni.Training.Grpo;

/// <summary>
/// A GRPO prompt as the model reads it: the Qwen2-VL-rendered rollout prompt (<c>grpo.py</c>'s conversation through
/// the Qwen2-VL chat template) as ids with the <c>&lt;video&gt;</c>/<c>&lt;audio&gt;</c> placeholders of its
/// <see cref="Modality"/>, and the gate input: the BERT ids of QUESTION_TEMPLATE(problem), without the placeholders.
/// </summary>
public sealed record GrpoPrompt(string Problem, long[] Ids, GateInput Gate, PromptModality Modality = PromptModality.VideoAudio)
{
    public static GrpoPrompt For(string problem, Qwen2Tokenizer tokenizer, BertTokenizer bertTokenizer, PromptModality modality = PromptModality.VideoAudio) => new(
        problem,
        MultimodalTokenizer.Ids(R1OmniPrompts.GrpoPrompt(problem, modality), tokenizer),
        GateInput.FromText(R1OmniPrompts.GrpoGateText(problem), bertTokenizer),
        modality);

    /// <summary>The multimodal batch of this prompt over <paramref name="media"/>'s rows (left padding, as generation needs).</summary>
    public MultimodalBatch Batch(MediaEncoding media, bool bertGrad) =>
        new(Enumerable.Range(0, media.Rows).Select(r => new MultimodalSample(Ids, media.Row(r), Gate)).ToList(), Modality, PaddingSide.Left, bertGrad);
}
