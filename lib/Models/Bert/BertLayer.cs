using R1Omni.Config;
using static TorchSharp.torch;

namespace R1Omni.Models.Bert;

/// <summary>Post-LN layer: h = LN(x + attn(x)); y = LN(h + dense(act(dense(h)))).</summary>
public sealed class BertLayer : nn.Module
{
    readonly BertAttention attention;
    readonly BertIntermediate intermediate;
    readonly BertOutput output;

    public BertLayer(BertConfig c, ScalarType dtype, Device? device) : base(nameof(BertLayer))
    {
        attention = new BertAttention(c, dtype, device);
        intermediate = new BertIntermediate(c, dtype, device);
        output = new BertOutput(c.IntermediateSize, c.HiddenSize, c.LayerNormEps, dtype, device);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        var h = attention.Forward(x, additiveMask);
        return output.Forward(intermediate.forward(h), h).MoveToOuterDisposeScope();
    }
}
