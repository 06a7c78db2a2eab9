using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Projector;

/// <summary>
/// timm's <c>LayerNormAct2d</c>: LayerNorm over the channels of an NCHW tensor (per pixel), optionally followed by
/// SiLU. timm maps the projector's <c>LayerNorm2d</c> norm layer to this class inside <c>ConvNormAct</c>, so the eps
/// that runs is the LayerNorm default 1e-5, not LayerNorm2d's 1e-6 (timm 1.0.3's <c>RegStage</c> / <c>Bottleneck</c>).
/// </summary>
public sealed class LayerNormAct2d : nn.Module<Tensor, Tensor>
{
    public const double Eps = 1e-5;

    readonly Parameter weight, bias;
    readonly bool applyAct;
    readonly long[] normalizedShape;

    public LayerNormAct2d(long channels, bool applyAct, ScalarType dtype, Device? device = null) : base(nameof(LayerNormAct2d))
    {
        weight = new Parameter(ones(channels, dtype: dtype, device: device));
        bias = new Parameter(zeros(channels, dtype: dtype, device: device));
        this.applyAct = applyAct;
        normalizedShape = [channels];
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.layer_norm(x.permute(0, 2, 3, 1), normalizedShape, weight, bias, Eps).permute(0, 3, 1, 2);
        if (applyAct) h = nn.functional.silu(h);
        return h.MoveToOuterDisposeScope();
    }
}
