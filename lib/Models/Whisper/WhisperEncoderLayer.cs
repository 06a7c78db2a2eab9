using R1Omni.Config;
using R1Omni.Models.Common;
using R1Omni.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Whisper;

/// <summary>Pre-LN layer: h = x + attn(LN(x)); y = h + fc2(act(fc1(LN(h)))); fp16 overflow clamped as HF does.</summary>
public sealed class WhisperEncoderLayer : nn.Module<Tensor, Tensor>
{
    // HF clamps fp16 activations holding inf/nan to ±(finfo(fp16).max − 1000).
    const double Fp16ClampValue = 65504.0 - 1000.0;

    readonly EncoderSelfAttention self_attn;
    readonly LayerNorm self_attn_layer_norm, final_layer_norm;
    readonly Linear fc1, fc2;
    readonly Func<Tensor, Tensor> act;

    public WhisperEncoderLayer(WhisperConfig c, ScalarType dtype, Device? device) : base(nameof(WhisperEncoderLayer))
    {
        act = Activation.Resolve(c.ActivationFunction, "activation_function");
        self_attn = new EncoderSelfAttention(c.DModel, c.EncoderAttentionHeads, keyBias: false, AttentionKernel.Scaling.MultiplyQuery, dtype, device);
        self_attn_layer_norm = nn.LayerNorm(c.DModel, WhisperEncoder.LayerNormEps, device: device, dtype: dtype);
        fc1 = Layers.Linear(c.DModel, c.EncoderFfnDim, bias: true, dtype, device);
        fc2 = Layers.Linear(c.EncoderFfnDim, c.DModel, bias: true, dtype, device);
        final_layer_norm = nn.LayerNorm(c.DModel, WhisperEncoder.LayerNormEps, device: device, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x.add(self_attn.Forward(self_attn_layer_norm.forward(x)), Scalars.One);
        var y = h.add(fc2.forward(act(fc1.forward(final_layer_norm.forward(h)))), Scalars.One);
        if (y.dtype == ScalarType.Float16 && y.isinf().logical_or(y.isnan()).any().item<bool>())
            y = y.clamp(Scalars.Of(-Fp16ClampValue), Scalars.Of(Fp16ClampValue));
        return y.MoveToOuterDisposeScope();
    }
}
