using static TorchSharp.torch;

namespace R1Omni.Models.Common;

/// <summary>
/// The shared tail of the towers' multi-head attention. Each model computes its scores in HF's order (where the
/// scale is applied differs); the softmax then runs in fp32 and is cast back: SigLIP's eager path does exactly
/// this, and the SDPA kernels the reference ran for Whisper and BERT accumulate in fp32 too. In fp32 all agree.
/// </summary>
public static class EagerAttention
{
    /// <summary>[B, L, H·d] → [B, H, L, d].</summary>
    public static Tensor SplitHeads(Tensor x, int heads, int headDim) =>
        x.view(x.shape[0], x.shape[1], heads, headDim).transpose(1, 2);

    /// <summary>softmax(scores [+ additiveMask]) · v, merged back to [B, L, H·d]; scores [B, H, L, T], v [B, H, T, d].</summary>
    public static Tensor Apply(Tensor scores, Tensor v, Tensor? additiveMask = null)
    {
        using var scope = NewDisposeScope();
        if (additiveMask is not null) scores = scores + additiveMask;
        var probs = scores.to(ScalarType.Float32).softmax(-1).to(v.dtype);
        var output = probs.matmul(v);                                  // [B, H, L, d]
        long b = output.shape[0], h = output.shape[1], l = output.shape[2], d = output.shape[3];
        return output.transpose(1, 2).reshape(b, l, h * d).MoveToOuterDisposeScope();
    }
}
