using R1Omni.Models.Common;
using R1Omni.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Bert;

/// <summary>
/// The post-LN residual block LayerNorm(dense(x) + residual). HF has two copies of it: <c>BertSelfOutput</c> (after
/// attention, hidden → hidden) and <c>BertOutput</c> (after the intermediate layer, intermediate → hidden).
/// </summary>
public sealed class BertOutput : nn.Module
{
    readonly Linear dense;
    readonly LayerNorm LayerNorm;

    public BertOutput(long inFeatures, long hidden, double eps, ScalarType dtype, Device? device) : base(nameof(BertOutput))
    {
        dense = Layers.Linear(inFeatures, hidden, bias: true, dtype, device);
        LayerNorm = nn.LayerNorm(hidden, eps, device: device, dtype: dtype);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, Tensor residual)
    {
        using var scope = NewDisposeScope();
        return LayerNorm.forward(dense.forward(x).add(residual, Scalars.One)).MoveToOuterDisposeScope();
    }
}
