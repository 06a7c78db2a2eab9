using R1Omni.Config;
using R1Omni.Models.Common;
using R1Omni.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Siglip;

/// <summary>Pre-LN transformer layer: h = x + attn(LN1(x)); y = h + mlp(LN2(h)).</summary>
public sealed class SiglipEncoderLayer : nn.Module<Tensor, Tensor>
{
    readonly LayerNorm layer_norm1, layer_norm2;
    readonly EncoderSelfAttention self_attn;
    readonly SiglipMLP mlp;

    public SiglipEncoderLayer(SiglipVisionConfig c, ScalarType dtype, Device? device) : base(nameof(SiglipEncoderLayer))
    {
        layer_norm1 = nn.LayerNorm(c.HiddenSize, c.LayerNormEps, device: device, dtype: dtype);
        self_attn = new EncoderSelfAttention(c.HiddenSize, c.NumAttentionHeads, keyBias: true, AttentionKernel.Scaling.MultiplyScores, dtype, device);
        layer_norm2 = nn.LayerNorm(c.HiddenSize, c.LayerNormEps, device: device, dtype: dtype);
        mlp = new SiglipMLP(c, dtype, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x.add(self_attn.Forward(layer_norm1.forward(x)), Scalars.One);
        return h.add(mlp.forward(layer_norm2.forward(h)), Scalars.One).MoveToOuterDisposeScope();
    }
}
