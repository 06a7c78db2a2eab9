using R1Omni.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Projector;

/// <summary>
/// PyTorch's <c>nn.Sequential(Linear, GELU, Linear)</c> (exact GELU), the shape of every two-layer head in HumanOmni
/// (<c>mlp2x_gelu</c>, the projector readouts and face MLP, the BERT gate). The linears are registered as "0" and "2"
/// so parameter names match the Sequential's state dict.
/// </summary>
public class GeluMlp : nn.Module<Tensor, Tensor>
{
    readonly Linear fc1, fc2;

    public GeluMlp(long inFeatures, long hiddenFeatures, long outFeatures, ScalarType dtype, Device? device = null, string name = nameof(GeluMlp))
        : base(name)
    {
        fc1 = Layers.Linear(inFeatures, hiddenFeatures, bias: true, dtype, device);
        fc2 = Layers.Linear(hiddenFeatures, outFeatures, bias: true, dtype, device);
        register_module("0", fc1);
        register_module("2", fc2);
    }

    public long InFeatures => fc1.in_features;
    public long OutFeatures => fc2.out_features;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return fc2.forward(nn.functional.gelu(fc1.forward(x))).MoveToOuterDisposeScope();
    }
}
