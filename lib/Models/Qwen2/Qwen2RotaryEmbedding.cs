using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Models.Qwen2;

/// <summary>
/// Default RoPE as HF computes it: inv_freq = 1 / theta^(2i/d) in fp32, freqs = positions ⊗ inv_freq,
/// emb = [freqs, freqs], cos/sin in fp32 cast to the activation dtype. Not a module: HF keeps inv_freq as a
/// non-persistent buffer, so it must not appear in the state dict.
/// </summary>
public sealed class Qwen2RotaryEmbedding
{
    readonly int headDim;
    readonly double theta;

    public Qwen2RotaryEmbedding(int headDim, double theta)
    {
        if (headDim % 2 != 0) throw new R1OmniException($"RoPE needs an even head dimension, got {headDim}");
        this.headDim = headDim;
        this.theta = theta;
    }

    /// <summary>cos and sin of shape [B, L, headDim] for position ids [B, L] (Int64).</summary>
    public (Tensor cos, Tensor sin) Compute(Tensor positionIds, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var device = positionIds.device;
        var exponent = arange(Scalars.Of(0L), Scalars.Of((long)headDim), Scalars.Of(2L), dtype: ScalarType.Int64, device: device)
            .to(ScalarType.Float32).div(Scalars.Of((long)headDim));
        var invFreq = pow(tensor((float)theta, device: device), exponent).reciprocal();           // [d/2]
        var freqs = positionIds.to(ScalarType.Float32).unsqueeze(-1) * invFreq;                     // [B, L, d/2]
        var emb = cat([freqs, freqs], -1);
        var cos = emb.cos().to(dtype);
        var sin = emb.sin().to(dtype);
        return (cos.MoveToOuterDisposeScope(), sin.MoveToOuterDisposeScope());
    }

    /// <summary>x·cos + rotate_half(x)·sin, with x [B, heads, L, d] and cos/sin [B, L, d].</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        long half = x.shape[^1] / 2;
        var rotated = cat([x.narrow(-1, half, half).neg(), x.narrow(-1, 0, half)], -1);
        return (x * cos.unsqueeze(1)).add(rotated * sin.unsqueeze(1), Scalars.One).MoveToOuterDisposeScope();
    }
}
