using R1Omni.Config;
using R1Omni.Checkpoints;
using R1Omni.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Qwen2;

/// <summary>
/// HF `Qwen2ForCausalLM`: the decoder plus the LM head, tied to the input embeddings when the config says so
/// (the tied head is absent from checkpoints). Parameter names match the PyTorch state dict.
/// </summary>
public sealed class Qwen2ForCausalLM : nn.Module, ICausalLM
{
    readonly Qwen2Model model;
    readonly Linear? lm_head;
    public Qwen2Config Config { get; }
    public ScalarType Dtype { get; }
    public Device Device { get; }

    public Qwen2ForCausalLM(Qwen2Config config, ScalarType dtype = ScalarType.Float32, Device? device = null) : base(nameof(Qwen2ForCausalLM))
    {
        Config = config;
        Dtype = dtype;
        Device = device ?? CPU;
        model = new Qwen2Model(config, dtype, Device);
        if (!config.TieWordEmbeddings) lm_head = Layers.Linear(config.HiddenSize, config.VocabSize, bias: false, dtype, Device);
        RegisterComponents();
    }

    public Qwen2Model Model => model;
    public int NumLayers => Config.NumHiddenLayers;
    public int NumKeyValueHeads => Config.NumKeyValueHeads;
    public int HeadDim => Config.HeadDim;
    public int VocabSize => Config.VocabSize;

    public Tensor Embed(Tensor inputIds) => model.Embed(inputIds);

    /// <summary>Logits (fp32) for the last <paramref name="keepLast"/> positions, or all when null (HF logits_to_keep).</summary>
    public Tensor Forward(Tensor inputsEmbeds, Tensor? paddingMask = null, Tensor? positionIds = null, KVCache? cache = null, int? keepLast = null)
    {
        using var scope = NewDisposeScope();
        var h = model.Forward(inputsEmbeds, paddingMask, positionIds, cache);
        if (keepLast is int k && k < h.shape[1]) h = h.narrow(1, h.shape[1] - k, k);
        return LmHead(h).MoveToOuterDisposeScope();
    }

    /// <summary>The LM head's weight [vocab, hidden]: the input embeddings when tied.</summary>
    public TorchSharp.Modules.Parameter HeadWeight => lm_head?.weight ?? model.EmbedTokens.weight!;

    /// <summary>Logits (fp32) for final hidden states [..., hidden]; training applies it to the labelled positions only.</summary>
    public Tensor LmHead(Tensor hidden)
    {
        var head = HeadWeight;
        var x = hidden.contiguous();
        return Bf16Gemv.TryLinear(x, head, null, fp32Output: true) ?? Fp32Gemm.TryLinear(x, head) ?? nn.functional.linear(hidden, head).to(ScalarType.Float32);
    }

    public KVCache NewCache(long batch, long capacity) =>
        new(Config.NumHiddenLayers, batch, Config.NumKeyValueHeads, capacity, Config.HeadDim, Dtype, Device);

    public IDecodeStep? NewDecodeStep(KVCache cache, Tensor paddingMask) => Qwen2DecodeStep.TryCreate(this, cache, paddingMask);

    /// <summary>Random weights with HF's init rule (initializer_range 0.02 unless given).</summary>
    public void InitWeights(long seed, double std = 0.02) => WeightInit.Normal(this, std, seed);

    /// <summary>Loads an HF folder (config.json + model.safetensors or a sharded index).</summary>
    public static Qwen2ForCausalLM FromPretrained(string folder, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var config = ModelConfig.Load<Qwen2Config>(folder);
        var m = new Qwen2ForCausalLM(config, dtype, device);
        using var reader = CheckpointReader.Open(folder);
        m.LoadWeights(reader, key => key);
        return m;
    }

    /// <summary>Loads weights strictly; <paramref name="rename"/> maps a checkpoint key to our key (null skips it).</summary>
    public void LoadWeights(CheckpointReader reader, Func<string, string?> rename)
    {
        CheckEmbeddingShape(reader, rename);
        StateDict.Load(this, reader, k => IgnoredKey(k) ? null : rename(k), strict: true);
    }

    // The tied head is not a parameter of ours; old checkpoints also carry RoPE's non-persistent inv_freq.
    bool IgnoredKey(string key) =>
        (key == "lm_head.weight" && Config.TieWordEmbeddings) || key.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal);

    void CheckEmbeddingShape(CheckpointReader reader, Func<string, string?> rename)
    {
        string? key = reader.Keys.FirstOrDefault(k => rename(k) == "model.embed_tokens.weight");
        if (key is null) return; // StateDict.Load reports the missing key
        var shape = reader.Info(key).Shape;
        if (shape.Length != 2 || shape[0] != Config.VocabSize || shape[1] != Config.HiddenSize)
            throw new R1OmniException(
                $"{reader.Location}: '{key}' has shape [{string.Join(", ", shape)}] but config.json says vocab_size {Config.VocabSize} × hidden_size {Config.HiddenSize}");
    }
}
