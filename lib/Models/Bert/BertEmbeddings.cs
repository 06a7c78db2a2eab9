using R1Omni.Config;
using R1Omni.Models.Common;
using R1Omni.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Bert;

/// <summary>
/// word + token_type + absolute position embeddings, then LayerNorm (HF's order of additions). Token types are all 0
/// and positions are 0..L−1, as HumanOmni feeds BERT (no token_type_ids, no position_ids).
/// </summary>
public sealed class BertEmbeddings : nn.Module
{
    readonly Embedding word_embeddings, position_embeddings, token_type_embeddings;
    readonly LayerNorm LayerNorm;

    public BertEmbeddings(BertConfig c, ScalarType dtype, Device? device) : base(nameof(BertEmbeddings))
    {
        word_embeddings = Layers.Embedding(c.VocabSize, c.HiddenSize, dtype, device);
        position_embeddings = Layers.Embedding(c.MaxPositionEmbeddings, c.HiddenSize, dtype, device);
        token_type_embeddings = Layers.Embedding(c.TypeVocabSize, c.HiddenSize, dtype, device);
        LayerNorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps, device: device, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>ids [B, L] (checked by the caller) → [B, L, hidden].</summary>
    public Tensor Forward(Tensor inputIds)
    {
        using var scope = NewDisposeScope();
        long length = inputIds.shape[1];
        var h = word_embeddings.forward(inputIds).add(token_type_embeddings.weight![0], Scalars.One);
        h = h.add(position_embeddings.weight!.narrow(0, 0, length), Scalars.One);
        return LayerNorm.forward(h).MoveToOuterDisposeScope();
    }
}
