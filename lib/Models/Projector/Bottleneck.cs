using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Models.Projector;

/// <summary>
/// timm 1.0.3 RegNet <c>Bottleneck</c> with the arguments the projector's <c>RegStage</c> passes (as
/// <c>all_in_one_small</c> builds it): stride 1, bottle_ratio 1, group_size 1 (depthwise 3×3), se_ratio 0.25, 'conv1x1'
/// shortcut, SiLU, channel LayerNorm.
/// </summary>
public sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    const double BottleRatio = 1.0;
    const long GroupSize = 1;
    const double SeRatio = 0.25;

    readonly ConvNormAct conv1, conv2, conv3;
    readonly SEModule se;
    readonly ConvNormAct? downsample;

    public Bottleneck(long inChannels, long outChannels, ScalarType dtype, Device? device = null) : base(nameof(Bottleneck))
    {
        long width = PythonRound(outChannels * BottleRatio);
        conv1 = new ConvNormAct(inChannels, width, kernelSize: 1, groups: 1, applyAct: true, dtype, device);
        conv2 = new ConvNormAct(width, width, kernelSize: 3, groups: width / GroupSize, applyAct: true, dtype, device);
        // timm sizes the squeeze from the block's input width, not from the bottleneck width.
        se = new SEModule(width, SqueezeChannels(inChannels), dtype, device);
        conv3 = new ConvNormAct(width, outChannels, kernelSize: 1, groups: 1, applyAct: false, dtype, device);
        // Identity shortcut when the width is kept (stride and dilation are always 1 here).
        if (inChannels != outChannels)
            downsample = new ConvNormAct(inChannels, outChannels, kernelSize: 1, groups: 1, applyAct: false, dtype, device);
        RegisterComponents();
    }

    /// <summary>SE width <c>int(round(in_chs * se_ratio))</c>: 192 for 768 input channels, 224 for 896.</summary>
    public static long SqueezeChannels(long inChannels) => PythonRound(inChannels * SeRatio);

    // Python's round() rounds halves to even.
    static long PythonRound(double v) => (long)Math.Round(v, MidpointRounding.ToEven);

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = conv3.forward(se.forward(conv2.forward(conv1.forward(x))));
        h = h.add(downsample is null ? x : downsample.forward(x), Scalars.One);
        return nn.functional.silu(h).MoveToOuterDisposeScope();
    }
}
