namespace R1Omni.Training.Sft;

/// <summary>
/// One preprocessed SFT sample (what <c>humanomni/train_humanomni.py</c>'s dataset hands its data collator): prompt ids
/// with the negative placeholder ids, labels of the same length (−100 where not trained), the BERT gate text and the
/// video file.
/// </summary>
public sealed record SftExample(string Id, string Video, long[] Ids, long[] Labels, string GateText)
{
    /// <summary>Label positions that are trained.</summary>
    public int TrainedTokens => Labels.Count(l => l != SftPreprocessor.IgnoreIndex);
}
