using R1Omni.Config;
using R1Omni.Models.Common;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Models.Qwen2;

/// <summary>Pre-norm decoder layer: h = x + attn(norm(x)); y = h + mlp(norm(h)).</summary>
public sealed class Qwen2DecoderLayer : nn.Module
{
    readonly Qwen2Attention self_attn;
    readonly Qwen2MLP mlp;
    readonly Qwen2RMSNorm input_layernorm, post_attention_layernorm;

    public Qwen2DecoderLayer(Qwen2Config c, int layerIndex, ScalarType dtype, Device? device) : base(nameof(Qwen2DecoderLayer))
    {
        self_attn = new Qwen2Attention(c, layerIndex, dtype, device);
        mlp = new Qwen2MLP(c.HiddenSize, c.IntermediateSize, dtype, device);
        input_layernorm = new Qwen2RMSNorm(c.HiddenSize, c.RmsNormEps, dtype, device);
        post_attention_layernorm = new Qwen2RMSNorm(c.HiddenSize, c.RmsNormEps, dtype, device);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor allowed, KVCache? cache)
    {
        using var scope = NewDisposeScope();
        var h = x.add(self_attn.Forward(input_layernorm.forward(x), cos, sin, allowed, cache), Scalars.One);
        var y = h.add(mlp.forward(post_attention_layernorm.forward(h)), Scalars.One);
        return y.MoveToOuterDisposeScope();
    }
}
