using R1Omni.Runtime;
using R1Omni.Models.HumanOmni;
using R1Omni.Models.Qwen2;
using static TorchSharp.torch;

namespace R1Omni.Training.Sft;

/// <summary>
/// The SFT loss of one micro-batch (spec §3.10): gate probabilities from the cached BERT CLS states, visual tokens
/// from the cached SigLIP features, audio tokens from the cached Whisper states, spliced with right padding; then
/// the shifted next-token cross-entropy in fp32, averaged over the micro-batch's trained tokens. A modality the cache
/// did not encode (a single-modality run) is left out: its projector, and for video the gate, do not run.
/// </summary>
public static class SftLoss
{
    public static Tensor MicroBatch(HumanOmniQwen2ForCausalLM model, IReadOnlyList<SftExample> batch, FrozenFeatureCache features)
    {
        var media = batch.Select(e => features.Media(e.Video)).ToList();
        Tensor? visual = null, audio = null;
        if (media[0].Vision is not null)
        {
            var probs = model.Gate.Probabilities(stack(batch.Select(e => features.GateCls(e.GateText)).ToArray()));
            visual = model.VisualTokens(stack(media.Select(m => m.Vision!).ToArray()), probs);
        }
        if (media[0].Audio is not null) audio = model.AudioTokens(stack(media.Select(m => m.Audio!).ToArray()));
        var samples = batch.Select((e, i) => new SpliceSample(e.Ids, visual?[i], audio?[i], e.Labels)).ToList();
        using var spliced = model.Splice(samples, PaddingSide.Right);
        return ShiftedCrossEntropy(model.LanguageModel, spliced.InputsEmbeds, spliced.AttentionMask, spliced.Labels!);
    }

    /// <summary>
    /// Mean cross-entropy of predicting labels[t + 1] from position t over the positions whose target is not −100.
    /// The head runs on those positions only, which gives the same value as full logits with <c>ignore_index</c> at a
    /// fraction of the memory (the vocabulary is 151,936 wide). NaN when nothing is trained, as in torch.
    /// </summary>
    public static Tensor ShiftedCrossEntropy(Qwen2ForCausalLM llm, Tensor inputsEmbeds, Tensor attentionMask, Tensor labels)
    {
        var hidden = llm.Model.Forward(inputsEmbeds, attentionMask);
        long width = hidden.shape[^1];
        var h = hidden[.., ..^1].reshape(-1, width);
        var target = labels[.., 1..].reshape(-1);
        var keep = target.ne(Scalars.Of(SftPreprocessor.IgnoreIndex)).nonzero().squeeze(1);
        var logits = llm.LmHead(h.index_select(0, keep));
        return nn.functional.cross_entropy(logits, target.index_select(0, keep));
    }
}
