using R1Omni.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Bert;

/// <summary>The stack of <c>encoder.layer.N</c> layers.</summary>
public sealed class BertEncoder : nn.Module
{
    readonly ModuleList<BertLayer> layer;

    public BertEncoder(BertConfig c, ScalarType dtype, Device? device) : base(nameof(BertEncoder))
    {
        layer = nn.ModuleList(Enumerable.Range(0, c.NumHiddenLayers).Select(_ => new BertLayer(c, dtype, device)).ToArray());
        RegisterComponents();
    }

    public Tensor Forward(Tensor h, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        foreach (var l in layer) h = l.Forward(h, additiveMask);
        return h.MoveToOuterDisposeScope();
    }
}
