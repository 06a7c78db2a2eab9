using R1Omni.Config;
using R1Omni.Models.Common;
using R1Omni.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Qwen2;

/// <summary>The Qwen2 decoder stack (HF `Qwen2Model`): embeddings, layers, final norm.</summary>
public sealed class Qwen2Model : nn.Module
{
    readonly Embedding embed_tokens;
    readonly ModuleList<Qwen2DecoderLayer> layers;
    readonly Qwen2RMSNorm norm;
    readonly Qwen2RotaryEmbedding rotary;
    public Qwen2Config Config { get; }

    public Qwen2Model(Qwen2Config c, ScalarType dtype, Device? device) : base(nameof(Qwen2Model))
    {
        Config = c;
        embed_tokens = Layers.Embedding(c.VocabSize, c.HiddenSize, dtype, device);
        layers = nn.ModuleList(Enumerable.Range(0, c.NumHiddenLayers).Select(i => new Qwen2DecoderLayer(c, i, dtype, device)).ToArray());
        norm = new Qwen2RMSNorm(c.HiddenSize, c.RmsNormEps, dtype, device);
        rotary = new Qwen2RotaryEmbedding(c.HeadDim, c.RopeTheta);
        RegisterComponents();
    }

    public Embedding EmbedTokens => embed_tokens;
    public Qwen2RotaryEmbedding Rotary => rotary;

    /// <summary>Token embeddings for ids [B, L]; ids must be in [0, vocab).</summary>
    public Tensor Embed(Tensor inputIds) => embed_tokens.forward(inputIds);

    /// <summary>
    /// Final hidden states [B, L, hidden] for input embeddings [B, L, hidden].
    /// paddingMask: [B, past + L] of 1/0 or null (no padding); positionIds: [B, L] or null (past..past+L−1).
    /// </summary>
    public Tensor Forward(Tensor inputsEmbeds, Tensor? paddingMask = null, Tensor? positionIds = null, KVCache? cache = null)
    {
        using var scope = NewDisposeScope();
        long b = inputsEmbeds.shape[0], l = inputsEmbeds.shape[1], past = cache?.Length ?? 0;
        var device = inputsEmbeds.device;
        positionIds ??= arange(Scalars.Of(past), Scalars.Of(past + l), Scalars.One, dtype: ScalarType.Int64, device: device).unsqueeze(0).expand(b, l);
        var allowed = AttentionMasks.Causal(b, past, l, paddingMask, Config.SlidingWindow, device);
        var (cos, sin) = rotary.Compute(positionIds, inputsEmbeds.dtype);
        var h = inputsEmbeds;
        foreach (var layer in layers) h = layer.Forward(h, cos, sin, allowed, cache);
        return norm.forward(h).MoveToOuterDisposeScope();
    }
}
