namespace R1Omni.SynthEmo;

/// <summary>
/// A SynthEmo split: cold_start (SFT with rationales), rl_train (labels only, for GRPO), test_id (in distribution)
/// and test_ood (new face style and voice timbre).
/// </summary>
public sealed record SynthEmoSplit(string Name, int Index, bool OutOfDistribution)
{
    public static SynthEmoSplit ColdStart { get; } = new("cold_start", 0, false);
    public static SynthEmoSplit RlTrain { get; } = new("rl_train", 1, false);
    public static SynthEmoSplit TestId { get; } = new("test_id", 2, false);
    public static SynthEmoSplit TestOod { get; } = new("test_ood", 3, true);

    public static IReadOnlyList<SynthEmoSplit> All { get; } = [ColdStart, RlTrain, TestId, TestOod];

    public FaceStyle FaceStyle => OutOfDistribution ? FaceStyle.OutOfDistribution : FaceStyle.InDistribution;
    public VoiceStyle VoiceStyle => OutOfDistribution ? VoiceStyle.OutOfDistribution : VoiceStyle.InDistribution;

    public override string ToString() => Name;
}
