using R1Omni.Config;
using R1Omni.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Siglip;

/// <summary>Bidirectional multi-head self-attention with biases on q/k/v/out; scores = (q·kᵀ)·head_dim^-0.5.</summary>
public sealed class SiglipAttention : nn.Module
{
    readonly Linear k_proj, v_proj, q_proj, out_proj;
    readonly int numHeads, headDim;

    public SiglipAttention(SiglipVisionConfig c, ScalarType dtype, Device? device) : base(nameof(SiglipAttention))
    {
        numHeads = c.NumAttentionHeads;
        headDim = c.HeadDim;
        k_proj = Layers.Linear(c.HiddenSize, c.HiddenSize, bias: true, dtype, device);
        v_proj = Layers.Linear(c.HiddenSize, c.HiddenSize, bias: true, dtype, device);
        q_proj = Layers.Linear(c.HiddenSize, c.HiddenSize, bias: true, dtype, device);
        out_proj = Layers.Linear(c.HiddenSize, c.HiddenSize, bias: true, dtype, device);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var q = AttentionKernel.SplitHeads(q_proj.forward(x), numHeads, headDim);
        var k = AttentionKernel.SplitHeads(k_proj.forward(x), numHeads, headDim);
        var v = AttentionKernel.SplitHeads(v_proj.forward(x), numHeads, headDim);
        var attended = AttentionKernel.Attend(q, k, v, AttentionKernel.Scaling.MultiplyScores);
        return out_proj.forward(attended).MoveToOuterDisposeScope();
    }
}
