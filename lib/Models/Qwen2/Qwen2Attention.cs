using R1Omni.Config;
using R1Omni.Models.Common;
using R1Omni.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Qwen2;

/// <summary>
/// Grouped-query self-attention with biases on q/k/v (HF `Qwen2Attention`). fp32 (the parity path) follows the eager
/// arithmetic: scores in the compute dtype, softmax in fp32. bf16/fp16 use PyTorch's fused SDPA, which the reference
/// ran and whose CPU kernel accumulates in fp32; it also replaces a dozen small ops per layer when decoding. Key/value
/// heads are shared by groups of query heads without materialising repeated K/V: queries are regrouped to
/// [B, kvHeads, groups·L, d] instead.
/// </summary>
public sealed class Qwen2Attention : nn.Module
{
    readonly Linear q_proj, k_proj, v_proj, o_proj;
    readonly int numHeads, numKvHeads, headDim, layerIndex;
    readonly double scale;

    public Qwen2Attention(Qwen2Config c, int layerIndex, ScalarType dtype, Device? device) : base(nameof(Qwen2Attention))
    {
        numHeads = c.NumAttentionHeads;
        numKvHeads = c.NumKeyValueHeads;
        headDim = c.HeadDim;
        this.layerIndex = layerIndex;
        scale = 1.0 / Math.Sqrt(headDim);
        q_proj = Layers.Linear(c.HiddenSize, numHeads * headDim, bias: true, dtype, device);
        k_proj = Layers.Linear(c.HiddenSize, numKvHeads * headDim, bias: true, dtype, device);
        v_proj = Layers.Linear(c.HiddenSize, numKvHeads * headDim, bias: true, dtype, device);
        o_proj = Layers.Linear(numHeads * headDim, c.HiddenSize, bias: false, dtype, device);
        RegisterComponents();
    }

    /// <param name="x">[B, L, hidden]</param>
    /// <param name="cos">RoPE cos [B, L, d]</param>
    /// <param name="sin">RoPE sin [B, L, d]</param>
    /// <param name="allowed">Boolean [B, 1, L, T]: which keys each query may attend to (T = cached + L).</param>
    /// <param name="cache">Optional KV cache; when given, the new keys/values are appended to it.</param>
    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor allowed, KVCache? cache)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], l = x.shape[1];
        int groups = numHeads / numKvHeads;
        var qkv = Bf16Gemv.TryLinears(x, [q_proj.weight!, k_proj.weight!, v_proj.weight!], [q_proj.bias, k_proj.bias, v_proj.bias])
                  ?? [q_proj.forward(x), k_proj.forward(x), v_proj.forward(x)];
        var q = qkv[0].view(b, l, numHeads, headDim).transpose(1, 2);
        var k = qkv[1].view(b, l, numKvHeads, headDim).transpose(1, 2);
        var v = qkv[2].view(b, l, numKvHeads, headDim).transpose(1, 2);
        q = Qwen2RotaryEmbedding.Apply(q, cos, sin);
        k = Qwen2RotaryEmbedding.Apply(k, cos, sin);
        if (cache is not null) (k, v) = cache.Append(layerIndex, k, v);

        // Query head h uses key/value head h / groups (HF repeat_kv order), so [B, H, L, d] regroups to
        // [B, kvH, groups·L, d] with row g·L + i holding query position i of head kv·groups + g.
        var qg = q.reshape(b, numKvHeads, groups * l, headDim);
        var mask = groups == 1 ? allowed : allowed.repeat(1, 1, groups, 1);
        var grouped = x.dtype is ScalarType.BFloat16 or ScalarType.Float16
            ? nn.functional.scaled_dot_product_attention(qg, k, v, mask)
            : qg.matmul(k.transpose(-1, -2)).mul_(Scalars.Of(scale)).to(ScalarType.Float32)
                .masked_fill(mask.logical_not(), Scalars.Of((double)float.MinValue)).softmax(-1).to(x.dtype).matmul(v);
        var output = grouped                                                // [B, kvH, groups·L, d]
            .view(b, numHeads, l, headDim).transpose(1, 2).reshape(b, l, numHeads * headDim);
        return o_proj.Apply(output).MoveToOuterDisposeScope();
    }
}
