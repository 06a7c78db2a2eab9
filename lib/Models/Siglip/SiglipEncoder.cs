using R1Omni.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Siglip;

/// <summary>The stack of encoder layers; a caller may run any contiguous range of them.</summary>
public sealed class SiglipEncoder : nn.Module
{
    readonly ModuleList<SiglipEncoderLayer> layers;

    public SiglipEncoder(SiglipVisionConfig c, ScalarType dtype, Device? device) : base(nameof(SiglipEncoder))
    {
        layers = nn.ModuleList(Enumerable.Range(0, c.NumHiddenLayers).Select(_ => new SiglipEncoderLayer(c, dtype, device)).ToArray());
        RegisterComponents();
    }

    /// <summary>Runs layers [<paramref name="from"/>, <paramref name="to"/>) on [N, P, hidden].</summary>
    public Tensor Forward(Tensor h, int from, int to)
    {
        using var scope = NewDisposeScope();
        for (int i = from; i < to; i++) h = layers[i].forward(h);
        return h.MoveToOuterDisposeScope();
    }
}
