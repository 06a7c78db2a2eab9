using R1Omni.Config;
using R1Omni.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Whisper;

/// <summary>
/// Encoder self-attention (HF <c>WhisperAttention</c>, no mask): k_proj has no bias, and the query is scaled by
/// head_dim^-0.5 before the product, in HF's order: (q_proj(x)·scaling)·kᵀ.
/// </summary>
public sealed class WhisperAttention : nn.Module
{
    readonly Linear k_proj, v_proj, q_proj, out_proj;
    readonly int numHeads, headDim;

    public WhisperAttention(WhisperConfig c, ScalarType dtype, Device? device) : base(nameof(WhisperAttention))
    {
        numHeads = c.EncoderAttentionHeads;
        headDim = c.EncoderHeadDim;
        k_proj = Layers.Linear(c.DModel, c.DModel, bias: false, dtype, device);
        v_proj = Layers.Linear(c.DModel, c.DModel, bias: true, dtype, device);
        q_proj = Layers.Linear(c.DModel, c.DModel, bias: true, dtype, device);
        out_proj = Layers.Linear(c.DModel, c.DModel, bias: true, dtype, device);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var q = AttentionKernel.SplitHeads(q_proj.forward(x), numHeads, headDim);
        var k = AttentionKernel.SplitHeads(k_proj.forward(x), numHeads, headDim);
        var v = AttentionKernel.SplitHeads(v_proj.forward(x), numHeads, headDim);
        var attended = AttentionKernel.Attend(q, k, v, AttentionKernel.Scaling.MultiplyQuery);
        return out_proj.forward(attended).MoveToOuterDisposeScope();
    }
}
