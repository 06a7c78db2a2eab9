using R1Omni.Config;
using R1Omni.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Siglip;

/// <summary>Bidirectional multi-head self-attention with biases on q/k/v/out; scores = q·kᵀ · head_dim^-0.5.</summary>
public sealed class SiglipAttention : nn.Module
{
    readonly Linear k_proj, v_proj, q_proj, out_proj;
    readonly int numHeads, headDim;
    readonly double scale;

    public SiglipAttention(SiglipVisionConfig c, ScalarType dtype, Device? device) : base(nameof(SiglipAttention))
    {
        numHeads = c.NumAttentionHeads;
        headDim = c.HeadDim;
        scale = Math.Pow(headDim, -0.5);
        k_proj = Layers.Linear(c.HiddenSize, c.HiddenSize, bias: true, dtype, device);
        v_proj = Layers.Linear(c.HiddenSize, c.HiddenSize, bias: true, dtype, device);
        q_proj = Layers.Linear(c.HiddenSize, c.HiddenSize, bias: true, dtype, device);
        out_proj = Layers.Linear(c.HiddenSize, c.HiddenSize, bias: true, dtype, device);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var q = EagerAttention.SplitHeads(q_proj.forward(x), numHeads, headDim);
        var k = EagerAttention.SplitHeads(k_proj.forward(x), numHeads, headDim);
        var v = EagerAttention.SplitHeads(v_proj.forward(x), numHeads, headDim);
        var scores = q.matmul(k.transpose(-1, -2)).mul_(scale);
        return out_proj.forward(EagerAttention.Apply(scores, v)).MoveToOuterDisposeScope();
    }
}
