using R1Omni.Data;
using R1Omni.Generation;
using R1Omni.Media;
using static TorchSharp.torch;

namespace R1Omni.Training.Grpo;

/// <summary>
/// One prompt's group of G rollouts and everything the update needs from it: completions and mask, decoded texts,
/// rewards per function and in total, advantages, and (when used) the reference's and the rollout policy's log-probs.
/// Owns the clip, the log-prob tensors and (unless <see cref="OwnsMedia"/> is false, when the runner keeps it for later
/// steps) its tower encoding.
/// </summary>
public sealed class GrpoRollout : IDisposable
{
    public required ManifestItem Item { get; init; }
    /// <summary>The decoded clip, kept for naive mode, whose passes re-run the towers.</summary>
    public VideoClip? Clip { get; init; }
    /// <summary>The towers' outputs, kept for the later passes (shared mode only).</summary>
    public MediaEncoding? Media { get; init; }
    public bool OwnsMedia { get; init; } = true;
    public required GrpoPrompt Prompt { get; init; }
    public required CompletionBatch Completions { get; init; }
    public required IReadOnlyList<string> Texts { get; init; }
    public required IReadOnlyList<FinishReason> FinishReasons { get; init; }
    /// <summary>Scores [function][row], in the order of the configured reward functions.</summary>
    public required IReadOnlyList<double[]> RewardsByFunction { get; init; }
    /// <summary>Per row: the sum over the reward functions.</summary>
    public required double[] Rewards { get; init; }
    public double[] Advantages { get; set; } = [];
    /// <summary>All G rewards equal: the group has no learning signal.</summary>
    public bool ZeroStd { get; set; }
    /// <summary>Left out of the log-prob passes and the loss (zero-variance group with dropping on).</summary>
    public bool Dropped { get; set; }
    public Tensor? RefLogProbs { get; set; }
    public Tensor? OldLogProbs { get; set; }
    public int Rows => Completions.Rows;

    public void Dispose()
    {
        Clip?.Dispose();
        if (OwnsMedia) Media?.Dispose();
        RefLogProbs?.Dispose();
        OldLogProbs?.Dispose();
    }
}
