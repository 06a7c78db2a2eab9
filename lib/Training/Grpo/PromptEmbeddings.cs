using R1Omni.Models.HumanOmni;
using static TorchSharp.torch;

namespace R1Omni.Training.Grpo;

/// <summary>
/// The trainable half of the multimodal forward for one prompt: BERT CLS of the gate text → gate probabilities →
/// projector (visual tokens) and audio projector (audio tokens), spliced into the prompt's token embeddings. Runs with
/// grad when grad is enabled, so the projectors, the gate and (when <c>trainBert</c>) BERT are trained through the
/// log-prob pass; BERT runs without grad when it is frozen. Without video features (audio only) neither BERT nor the
/// gate nor the projector runs.
/// </summary>
public static class PromptEmbeddings
{
    /// <summary>Prompt embeddings [R, L, hidden], one row per row of <paramref name="media"/>.</summary>
    public static Tensor Build(HumanOmniQwen2ForCausalLM model, GrpoPrompt prompt, MediaEncoding media, bool trainBert)
    {
        using var scope = NewDisposeScope();
        int rows = media.Rows;
        Tensor? visual = null;
        if (media.VisionFeatures is { } features)
        {
            var bertIds = tensor(prompt.BertIds, device: model.Device).unsqueeze(0).expand(rows, -1);
            var bertMask = ones_like(bertIds);
            Tensor cls;
            using (trainBert ? null : no_grad()) cls = model.BertCls(bertIds, bertMask);
            visual = model.VisualTokens(features, model.Gate.Probabilities(cls));
        }
        var audio = media.AudioStates is { } states ? model.AudioTokens(states) : null;
        var samples = Enumerable.Range(0, rows).Select(r => new SpliceSample(prompt.Ids, visual?[r], audio?[r])).ToList();
        var batch = model.Splice(samples, PaddingSide.Left);
        return batch.InputsEmbeds.MoveToOuterDisposeScope();
    }
}
