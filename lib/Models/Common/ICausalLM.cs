using static TorchSharp.torch;

namespace R1Omni.Models.Common;

/// <summary>What the generation engine needs from a decoder-only language model.</summary>
public interface ICausalLM
{
    int NumLayers { get; }
    int VocabSize { get; }
    ScalarType Dtype { get; }
    Device Device { get; }

    /// <summary>Token embeddings [B, L, hidden] for ids [B, L].</summary>
    Tensor Embed(Tensor inputIds);

    /// <summary>fp32 logits [B, keepLast ?? L, V]; appends to <paramref name="cache"/> when given.</summary>
    Tensor Forward(Tensor inputsEmbeds, Tensor? paddingMask = null, Tensor? positionIds = null, KVCache? cache = null, int? keepLast = null);

    KVCache NewCache(long batch, long capacity);

    /// <summary>
    /// The fused decoding step over <paramref name="cache"/> (prefilled; <paramref name="paddingMask"/> [B, cache length]
    /// of 1/0), or null where it does not apply and decoding goes through <see cref="Forward"/>.
    /// </summary>
    IDecodeStep? NewDecodeStep(KVCache cache, Tensor paddingMask);
}
