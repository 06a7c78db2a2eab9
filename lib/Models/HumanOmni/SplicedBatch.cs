using static TorchSharp.torch;

namespace R1Omni.Models.HumanOmni;

/// <summary>
/// The LLM inputs of a multimodal batch: embeddings [B, L', D], padding mask [B, L'] (1 = real), position ids [B, L']
/// and labels [B, L'] (−100 = not trained; null without labels); <see cref="Lengths"/> are the real rows per sample.
/// </summary>
public sealed record SplicedBatch(Tensor InputsEmbeds, Tensor AttentionMask, Tensor PositionIds, Tensor? Labels, long[] Lengths) : IDisposable
{
    /// <summary>Moves the tensors out of the current dispose scope (they then belong to the caller).</summary>
    public SplicedBatch MoveToOuterDisposeScope()
    {
        InputsEmbeds.MoveToOuterDisposeScope();
        AttentionMask.MoveToOuterDisposeScope();
        PositionIds.MoveToOuterDisposeScope();
        Labels?.MoveToOuterDisposeScope();
        return this;
    }

    public void Dispose()
    {
        InputsEmbeds.Dispose();
        AttentionMask.Dispose();
        PositionIds.Dispose();
        Labels?.Dispose();
    }
}
