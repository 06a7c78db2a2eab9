using R1Omni.Models.HumanOmni;
using R1Omni.Models.Qwen2;
using R1Omni.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Omni.Training.Sft;

/// <summary>
/// The SFT loss of one micro-batch (HF <c>Qwen2ForCausalLM.forward</c> with labels, as <c>train_humanomni.py</c> trains):
/// the multimodal forward on the cached tower outputs and gate inputs, spliced with right padding; then the shifted
/// next-token cross-entropy in fp32, averaged over the micro-batch's trained tokens. A modality the cache did not
/// encode (a single-modality run) is left out: its projector, and for video the gate, do not run.
/// </summary>
public static class SftLoss
{
    /// <summary>
    /// The backward pass of one optimiser step over its micro-batches, with HF's gradient accumulation: the step loss is
    /// the mean of the micro-batch means, each micro-batch back-propagated as its share (its mean over the count).
    /// Returns the step loss.
    /// </summary>
    public static double Backward(HumanOmniQwen2ForCausalLM model, IReadOnlyList<IReadOnlyList<SftExample>> microBatches, FrozenFeatureCache features)
    {
        using var count = microBatches.Count.ToScalar();
        return TrainingRun.Accumulate(microBatches.Count, i => MicroBatch(model, microBatches[i], features) / count).Loss;
    }

    public static Tensor MicroBatch(HumanOmniQwen2ForCausalLM model, IReadOnlyList<SftExample> batch, FrozenFeatureCache features)
    {
        var samples = batch.Select(e => new MultimodalSample(e.Ids, features.Media(e.Video), features.Gate(e.GateText), e.Labels)).ToList();
        using var spliced = model.PrepareInputsLabelsForMultimodal(new MultimodalBatch(samples, features.Modality, PaddingSide.Right, BertGrad: features.BertTrains));
        return ShiftedCrossEntropy(model.LanguageModel, spliced.InputsEmbeds, spliced.AttentionMask, spliced.Labels!, spliced.PositionIds);
    }

    /// <summary>
    /// Mean cross-entropy of predicting labels[t + 1] from position t over the positions whose target is not −100.
    /// The head runs on those positions only, which gives the same value as full logits with <c>ignore_index</c> at a
    /// fraction of the memory (the vocabulary is 151,936 wide). NaN when nothing is trained, as in torch.
    /// </summary>
    public static Tensor ShiftedCrossEntropy(Qwen2ForCausalLM llm, Tensor inputsEmbeds, Tensor attentionMask, Tensor labels, Tensor? positionIds = null)
    {
        var hidden = llm.Model.Forward(inputsEmbeds, attentionMask, positionIds);
        long width = hidden.shape[^1];
        var h = hidden[.., ..^1].reshape(-1, width);
        var target = labels[.., 1..].reshape(-1);
        var keep = target.ne(Scalars.Of(SftPreprocessor.IgnoreIndex)).nonzero().squeeze(1);
        var logits = llm.LmHead(h.index_select(0, keep));
        return nn.functional.cross_entropy(logits, target.index_select(0, keep));
    }
}
