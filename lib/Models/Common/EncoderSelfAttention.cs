using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Common;

/// <summary>
/// Unmasked multi-head self-attention of the SigLIP and Whisper encoders (HF <c>SiglipAttention</c>,
/// <c>WhisperAttention</c>): projections <c>q_proj</c>, <c>k_proj</c>, <c>v_proj</c>, <c>out_proj</c>; Whisper's
/// k_proj has no bias and scales the query before the product, SigLIP scales the scores (see <see cref="AttentionKernel.Scaling"/>).
/// In bf16 the attention itself goes through <see cref="Bf16Attention"/> where it applies.
/// </summary>
public sealed class EncoderSelfAttention : nn.Module
{
    readonly Linear k_proj, v_proj, q_proj, out_proj;
    readonly int numHeads, headDim;
    readonly AttentionKernel.Scaling scaling;

    public EncoderSelfAttention(int hidden, int heads, bool keyBias, AttentionKernel.Scaling scaling, ScalarType dtype, Device? device)
        : base(nameof(EncoderSelfAttention))
    {
        numHeads = heads;
        headDim = hidden / heads;
        this.scaling = scaling;
        k_proj = Layers.Linear(hidden, hidden, bias: keyBias, dtype, device);
        v_proj = Layers.Linear(hidden, hidden, bias: true, dtype, device);
        q_proj = Layers.Linear(hidden, hidden, bias: true, dtype, device);
        out_proj = Layers.Linear(hidden, hidden, bias: true, dtype, device);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor q = q_proj.forward(x), k = k_proj.forward(x), v = v_proj.forward(x);
        var attended = Bf16Attention.TryAttend(q, k, v, numHeads) ??
                       AttentionKernel.Attend(AttentionKernel.SplitHeads(q, numHeads, headDim), AttentionKernel.SplitHeads(k, numHeads, headDim),
                                              AttentionKernel.SplitHeads(v, numHeads, headDim), scaling);
        return out_proj.forward(attended).MoveToOuterDisposeScope();
    }
}
