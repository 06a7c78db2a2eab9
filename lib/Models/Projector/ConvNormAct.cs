using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Projector;

/// <summary>
/// timm's <c>ConvNormAct</c> as the projector builds it: a bias-free 2-D convolution (stride 1, "same" padding for odd
/// kernels) then <see cref="LayerNormAct2d"/> under the name <c>bn</c> (timm keeps the BatchNorm name).
/// </summary>
public sealed class ConvNormAct : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv;
    readonly LayerNormAct2d bn;

    public ConvNormAct(long inChannels, long outChannels, long kernelSize, long groups, bool applyAct, ScalarType dtype, Device? device = null)
        : base(nameof(ConvNormAct))
    {
        conv = nn.Conv2d(inChannels, outChannels, kernelSize, stride: 1, padding: (kernelSize - 1) / 2, groups: groups, bias: false,
                         device: device, dtype: dtype);
        bn = new LayerNormAct2d(outChannels, applyAct, dtype, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return bn.forward(conv.forward(x)).MoveToOuterDisposeScope();
    }
}
