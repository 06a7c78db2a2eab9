using TorchSharp;

namespace R1Omni.Tokenizers;

/// <summary>
/// A right-padded batch for BERT, shaped (batch, sequence): token ids, attention mask (1 for real tokens,
/// 0 for padding) and token type ids (all 0 for single texts).
/// </summary>
public sealed class BertBatch
{
    public BertBatch(long[,] inputIds, long[,] attentionMask, long[,] tokenTypeIds)
    {
        InputIds = inputIds;
        AttentionMask = attentionMask;
        TokenTypeIds = tokenTypeIds;
    }

    public long[,] InputIds { get; }
    public long[,] AttentionMask { get; }
    public long[,] TokenTypeIds { get; }
    public int BatchSize => InputIds.GetLength(0);
    public int SequenceLength => InputIds.GetLength(1);

    /// <summary>The ids and mask as Int64 tensors of shape (batch, sequence) on <paramref name="device"/>.</summary>
    public (torch.Tensor inputIds, torch.Tensor attentionMask) ToTensors(torch.Device? device = null) =>
        (ToTensor(InputIds, device), ToTensor(AttentionMask, device));

    static torch.Tensor ToTensor(long[,] values, torch.Device? device) =>
        torch.tensor(values, dtype: torch.int64, device: device);
}
