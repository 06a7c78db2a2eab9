using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Models.Common;

/// <summary>
/// Unmasked-or-padding-masked multi-head attention for the towers, scale 1/√head_dim. In fp32 (the parity path) it is
/// HF's eager arithmetic in each model's own order, with the softmax in fp32. In bf16/fp16 it is PyTorch's fused
/// SDPA, which the reference itself ran (its default attention); its CPU kernel accumulates in fp32 and is 3–4×
/// faster than the eager steps at Whisper's 1500 positions.
/// </summary>
public static class AttentionKernel
{
    /// <summary>Where HF's eager code applies the scale.</summary>
    public enum Scaling
    {
        /// <summary>(q·kᵀ)·d^-0.5 (SigLIP).</summary>
        MultiplyScores,
        /// <summary>(q·d^-0.5)·kᵀ (Whisper).</summary>
        MultiplyQuery,
        /// <summary>(q·kᵀ)/√d (BERT).</summary>
        DivideScores,
    }

    /// <summary>[B, L, H·d] → [B, H, L, d].</summary>
    public static Tensor SplitHeads(Tensor x, int heads, int headDim) =>
        x.view(x.shape[0], x.shape[1], heads, headDim).transpose(1, 2);

    /// <summary>
    /// softmax(scaled q·kᵀ [+ additiveMask]) · v for q [B, H, L, d], k and v [B, H, T, d] and a mask broadcastable to
    /// [B, H, L, T]; merged back to [B, L, H·d].
    /// </summary>
    public static Tensor Attend(Tensor q, Tensor k, Tensor v, Scaling scaling, Tensor? additiveMask = null)
    {
        using var scope = NewDisposeScope();
        var output = q.dtype is ScalarType.BFloat16 or ScalarType.Float16
            ? nn.functional.scaled_dot_product_attention(q, k, v, additiveMask)
            : Eager(q, k, v, scaling, additiveMask);
        long b = output.shape[0], h = output.shape[1], l = output.shape[2], d = output.shape[3];
        return output.transpose(1, 2).reshape(b, l, h * d).MoveToOuterDisposeScope();
    }

    static Tensor Eager(Tensor q, Tensor k, Tensor v, Scaling scaling, Tensor? additiveMask)
    {
        double d = q.shape[^1];
        var kt = k.transpose(-1, -2);
        var scores = scaling switch
        {
            Scaling.MultiplyScores => q.matmul(kt).mul_(Scalars.Of(Math.Pow(d, -0.5))),
            Scaling.MultiplyQuery => q.mul(Scalars.Of(Math.Pow(d, -0.5))).matmul(kt),
            Scaling.DivideScores => q.matmul(kt).div_(Scalars.Of(Math.Sqrt(d))),
            _ => throw new ArgumentOutOfRangeException(nameof(scaling), scaling, null),
        };
        if (additiveMask is not null) scores = scores.add(additiveMask, Scalars.One);
        return scores.to(ScalarType.Float32).softmax(-1).to(v.dtype).matmul(v);
    }
}
