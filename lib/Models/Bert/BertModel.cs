using R1Omni.Checkpoints;
using R1Omni.Config;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Models.Bert;

/// <summary>
/// HF <c>BertModel</c> without its pooler (HumanOmni reads the CLS hidden state, not the pooler output): embeddings and
/// post-LN encoder layers with an additive padding mask. Parameter names are the model's own (<c>embeddings.*</c>,
/// <c>encoder.layer.N.*</c>); checkpoints hold them under <c>bert.</c> (bert-base-uncased) or <c>model.bert_model.</c>
/// (HumanOmni).
/// </summary>
public sealed class BertModel : nn.Module
{
    readonly BertEmbeddings embeddings;
    readonly BertEncoder encoder;
    public BertConfig Config { get; }
    public ScalarType Dtype { get; }

    public BertModel(BertConfig config, ScalarType dtype = ScalarType.Float32, Device? device = null) : base(nameof(BertModel))
    {
        Config = config;
        Dtype = dtype;
        device ??= CPU;
        embeddings = new BertEmbeddings(config, dtype, device);
        encoder = new BertEncoder(config, dtype, device);
        RegisterComponents();
    }

    /// <summary>
    /// <c>last_hidden_state</c> [B, L, hidden] for ids [B, L] (I64) and a 1/0 attention mask [B, L] (null: no padding).
    /// Padded positions are computed too (the mask only hides padded keys); the CLS feature is <c>[:, 0]</c>.
    /// </summary>
    public Tensor Forward(Tensor inputIds, Tensor? attentionMask = null)
    {
        Check(inputIds, attentionMask);
        using var scope = NewDisposeScope();
        var h = embeddings.Forward(inputIds);
        var mask = ExtendedAttentionMask(attentionMask ?? ones_like(inputIds), Dtype);
        return encoder.Forward(h, mask).MoveToOuterDisposeScope();
    }

    /// <summary>HF's extended mask [B, 1, 1, L]: (1 − mask) · finfo(dtype).min, added to the attention scores.</summary>
    public static Tensor ExtendedAttentionMask(Tensor attentionMask, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var m = attentionMask.to(dtype).view(attentionMask.shape[0], 1, 1, attentionMask.shape[1]);
        return m.neg().add_(Scalars.Of(1.0), Scalars.One).mul_(Scalars.Of(LowestValue(dtype))).MoveToOuterDisposeScope();
    }

    static double LowestValue(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => float.MinValue,
        ScalarType.BFloat16 => -3.3895313892515355e38,
        ScalarType.Float16 => -65504.0,
        ScalarType.Float64 => double.MinValue,
        _ => throw new ArgumentException($"not a floating-point dtype: {dtype}", nameof(dtype)),
    };

    void Check(Tensor ids, Tensor? mask)
    {
        if (ids.dim() != 2 || ids.dtype != ScalarType.Int64)
            throw new R1OmniException($"BERT expects input_ids as I64 [B, L], got {ids.dtype} [{string.Join(", ", ids.shape)}]");
        if (ids.shape[1] > Config.MaxPositionEmbeddings)
            throw new R1OmniException($"BERT input of {ids.shape[1]} tokens exceeds max_position_embeddings {Config.MaxPositionEmbeddings}; truncate it");
        if (ids.numel() > 0)
        {
            long min = ids.min().item<long>(), max = ids.max().item<long>();
            if (min < 0 || max >= Config.VocabSize)
                throw new R1OmniException($"BERT input_ids hold ids in [{min}, {max}] but vocab_size is {Config.VocabSize}");
        }
        if (mask is not null && !mask.shape.SequenceEqual(ids.shape))
            throw new R1OmniException($"BERT attention_mask has shape [{string.Join(", ", mask.shape)}] but input_ids have [{string.Join(", ", ids.shape)}]");
    }

    /// <summary>
    /// Loads the tensors under <paramref name="prefix"/> (<c>bert.</c>, <c>model.bert_model.</c>, or "") strictly. The
    /// pooler and the old non-persistent id buffers are skipped by name; legacy <c>LayerNorm.gamma/beta</c> names are
    /// read as <c>weight/bias</c>, as HF renames them; keys outside the prefix belong to other modules.
    /// </summary>
    public LoadReport LoadWeights(CheckpointReader reader, string prefix)
    {
        var under = PrefixedKeys.Under(prefix, Unused);
        return StateDict.Load(this, reader, key => under(key) is string k ? LegacyName(k) : null);
    }

    static bool Unused(string key) =>
        key.StartsWith("pooler.", StringComparison.Ordinal) || key is "embeddings.position_ids" or "embeddings.token_type_ids";

    static string LegacyName(string key) =>
        key.EndsWith(".gamma", StringComparison.Ordinal) ? key[..^".gamma".Length] + ".weight"
        : key.EndsWith(".beta", StringComparison.Ordinal) ? key[..^".beta".Length] + ".bias"
        : key;

    /// <summary>
    /// A BERT folder: bert-base-uncased's <c>BertForPreTraining</c> layout (<c>bert.*</c>, the <c>cls.*</c> heads ignored)
    /// or a bare <c>BertModel</c> state dict.
    /// </summary>
    public static BertModel FromPretrained(string folder, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var model = new BertModel(ModelConfig.Load<BertConfig>(folder), dtype, device);
        try
        {
            using var reader = CheckpointReader.Open(folder);
            string prefix = PrefixedKeys.Detect(reader, "embeddings.word_embeddings.weight", "BERT", "bert.", "");
            PrefixedKeys.RequireKnownSiblings(reader, prefix, k => k.StartsWith("cls.", StringComparison.Ordinal), "BERT");
            model.LoadWeights(reader, prefix);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
