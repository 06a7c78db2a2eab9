using R1Omni.Config;
using static TorchSharp.torch;

namespace R1Omni.Models.Bert;

/// <summary>Self-attention followed by its residual output block (<c>attention.self</c>, <c>attention.output</c>).</summary>
public sealed class BertAttention : nn.Module
{
    readonly BertSelfAttention self;
    readonly BertOutput output;

    public BertAttention(BertConfig c, ScalarType dtype, Device? device) : base(nameof(BertAttention))
    {
        self = new BertSelfAttention(c, dtype, device);
        output = new BertOutput(c.HiddenSize, c.HiddenSize, c.LayerNormEps, dtype, device);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        return output.Forward(self.Forward(x, additiveMask), x).MoveToOuterDisposeScope();
    }
}
