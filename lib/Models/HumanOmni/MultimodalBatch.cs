using R1Omni.Prompts;

namespace R1Omni.Models.HumanOmni;

/// <summary>One sample of a multimodal batch: prompt ids with placeholders, its media, its gate input, optional labels.</summary>
public sealed record MultimodalSample(long[] Ids, MultimodalMedia Media, GateInput? Gate = null, long[]? Labels = null);

/// <summary>
/// A batch for <see cref="HumanOmniQwen2ForCausalLM.PrepareInputsLabelsForMultimodal"/>: the samples, the modality whose
/// towers and projectors run (<see cref="PromptModality.Video"/> skips audio, <see cref="PromptModality.Audio"/> skips
/// vision, gate and BERT), the padding side (left for generation, right — the reference's — for training), and
/// whether BERT runs with grad (GRPO trains it; otherwise it runs without).
/// </summary>
public sealed record MultimodalBatch(IReadOnlyList<MultimodalSample> Samples, PromptModality Modality, PaddingSide Padding, bool BertGrad = false);
