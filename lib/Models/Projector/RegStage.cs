using static TorchSharp.torch;

namespace R1Omni.Models.Projector;

/// <summary>
/// timm's RegNet <c>RegStage</c>: <c>depth</c> <see cref="Bottleneck"/> blocks named b1, b2, … applied in order; the
/// first maps the input width to the output width, the rest keep it.
/// </summary>
public sealed class RegStage : nn.Module<Tensor, Tensor>
{
    readonly Bottleneck[] blocks;

    public RegStage(int depth, long inChannels, long outChannels, ScalarType dtype, Device? device = null) : base(nameof(RegStage))
    {
        if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "a RegStage needs at least one block");
        blocks = new Bottleneck[depth];
        for (int i = 0; i < depth; i++)
        {
            blocks[i] = new Bottleneck(i == 0 ? inChannels : outChannels, outChannels, dtype, device);
            register_module($"b{i + 1}", blocks[i]);
        }
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x;
        foreach (var block in blocks) h = block.forward(h);
        return h.MoveToOuterDisposeScope();
    }
}
