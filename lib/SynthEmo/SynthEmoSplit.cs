namespace R1Omni.SynthEmo;

/// <summary>
/// A SynthEmo split: cold_start (SFT with rationales), rl_train (labels only, for GRPO and label-only SFT), test_id (in
/// distribution), test_ood (new face style and voice timbre), pretrain (instruction data for the HumanOmni-0.5B
/// analogue: face and voice descriptions and emotion questions) and probe (held-out clips whose sampled answers show
/// whether RL learns).
/// </summary>
public sealed record SynthEmoSplit(string Name, int Index, bool OutOfDistribution)
{
    public static SynthEmoSplit ColdStart { get; } = new("cold_start", 0, false);
    public static SynthEmoSplit RlTrain { get; } = new("rl_train", 1, false);
    public static SynthEmoSplit TestId { get; } = new("test_id", 2, false);
    public static SynthEmoSplit TestOod { get; } = new("test_ood", 3, true);
    public static SynthEmoSplit Pretrain { get; } = new("pretrain", 4, false);
    public static SynthEmoSplit Probe { get; } = new("probe", 5, false);

    public static IReadOnlyList<SynthEmoSplit> All { get; } = [ColdStart, RlTrain, TestId, TestOod, Pretrain, Probe];

    public FaceStyle FaceStyle => OutOfDistribution ? FaceStyle.OutOfDistribution : FaceStyle.InDistribution;
    public VoiceStyle VoiceStyle => OutOfDistribution ? VoiceStyle.OutOfDistribution : VoiceStyle.InDistribution;

    public override string ToString() => Name;
}
