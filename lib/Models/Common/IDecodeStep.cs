using static TorchSharp.torch;

namespace R1Omni.Models.Common;

/// <summary>
/// One decoding step of a whole decoder for the rows of a prefilled KV cache, outside libtorch's per-operation path:
/// the new token of every row in, the next-token logits out; the cache grows by one position.
/// </summary>
public interface IDecodeStep : IDisposable
{
    /// <summary>fp32 logits [rows, 1, vocabulary] after feeding <paramref name="tokens"/> (one per row); the tensor belongs to the step and is overwritten by the next call.</summary>
    Tensor Forward(ReadOnlySpan<int> tokens);
}
