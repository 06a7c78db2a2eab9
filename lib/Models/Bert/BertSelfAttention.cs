using R1Omni.Config;
using R1Omni.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Bert;

/// <summary>Multi-head self-attention: scores = q·kᵀ / √head_dim + additive padding mask.</summary>
public sealed class BertSelfAttention : nn.Module
{
    readonly Linear query, key, value;
    readonly int numHeads, headDim;

    public BertSelfAttention(BertConfig c, ScalarType dtype, Device? device) : base(nameof(BertSelfAttention))
    {
        numHeads = c.NumAttentionHeads;
        headDim = c.HeadDim;
        query = Layers.Linear(c.HiddenSize, c.HiddenSize, bias: true, dtype, device);
        key = Layers.Linear(c.HiddenSize, c.HiddenSize, bias: true, dtype, device);
        value = Layers.Linear(c.HiddenSize, c.HiddenSize, bias: true, dtype, device);
        RegisterComponents();
    }

    /// <param name="x">[B, L, hidden]</param>
    /// <param name="additiveMask">[B, 1, 1, L]: 0 for real keys, the dtype's lowest value for padding.</param>
    public Tensor Forward(Tensor x, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        var q = AttentionKernel.SplitHeads(query.forward(x), numHeads, headDim);
        var k = AttentionKernel.SplitHeads(key.forward(x), numHeads, headDim);
        var v = AttentionKernel.SplitHeads(value.forward(x), numHeads, headDim);
        return AttentionKernel.Attend(q, k, v, AttentionKernel.Scaling.DivideScores, additiveMask).MoveToOuterDisposeScope();
    }
}
