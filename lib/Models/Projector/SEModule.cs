using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Projector;

/// <summary>
/// timm's squeeze-and-excitation <c>SEModule</c>: x · sigmoid(fc2(silu(fc1(mean_hw(x))))), with 1×1 convolutions
/// (biased) as the two fully connected layers.
/// </summary>
public sealed class SEModule : nn.Module<Tensor, Tensor>
{
    readonly Conv2d fc1, fc2;

    public SEModule(long channels, long reducedChannels, ScalarType dtype, Device? device = null) : base(nameof(SEModule))
    {
        fc1 = nn.Conv2d(channels, reducedChannels, 1, bias: true, device: device, dtype: dtype);
        fc2 = nn.Conv2d(reducedChannels, channels, 1, bias: true, device: device, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var s = x.mean([2, 3], keepdim: true);
        s = fc2.forward(nn.functional.silu(fc1.forward(s)));
        return (x * nn.functional.sigmoid(s)).MoveToOuterDisposeScope();
    }
}
