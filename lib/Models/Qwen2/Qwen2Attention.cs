using R1Omni.Config;
using R1Omni.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Qwen2;

/// <summary>
/// Grouped-query self-attention with biases on q/k/v (HF `Qwen2Attention`, eager semantics: scores in the compute
/// dtype, softmax in fp32). Key/value heads are shared by groups of query heads without materialising repeated
/// K/V: queries are regrouped to [B, kvHeads, groups·L, d] instead.
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
        var q = q_proj.Apply(x).view(b, l, numHeads, headDim).transpose(1, 2);
        var k = k_proj.Apply(x).view(b, l, numKvHeads, headDim).transpose(1, 2);
        var v = v_proj.Apply(x).view(b, l, numKvHeads, headDim).transpose(1, 2);
        q = Qwen2RotaryEmbedding.Apply(q, cos, sin);
        k = Qwen2RotaryEmbedding.Apply(k, cos, sin);
        if (cache is not null) (k, v) = cache.Append(layerIndex, k, v);

        // Query head h uses key/value head h / groups (HF repeat_kv order), so [B, H, L, d] regroups to
        // [B, kvH, groups·L, d] with row g·L + i holding query position i of head kv·groups + g.
        var qg = q.reshape(b, numKvHeads, groups * l, headDim);
        var scores = qg.matmul(k.transpose(-1, -2)).mul_(scale).to(ScalarType.Float32);
        var mask = groups == 1 ? allowed : allowed.repeat(1, 1, groups, 1);
        scores = scores.masked_fill(mask.logical_not(), float.MinValue);
        var probs = scores.softmax(-1).to(x.dtype);
        var output = probs.matmul(v)                                   // [B, kvH, groups·L, d]
            .view(b, numHeads, l, headDim).transpose(1, 2).reshape(b, l, numHeads * headDim);
        return o_proj.Apply(output).MoveToOuterDisposeScope();
    }
}
