using static TorchSharp.torch;

namespace R1Omni.Models.HumanOmni;

/// <summary>
/// The frozen towers' outputs for a batch: SigLIP features [B, T, P, mm_hidden] and Whisper states
/// [B, frames/2, audio_hidden], null for a modality that was not encoded.
/// </summary>
public sealed record TowerFeatures(Tensor? Vision, Tensor? Audio) : IDisposable
{
    /// <summary>Sample <paramref name="index"/>'s outputs as <see cref="MultimodalMedia"/>.</summary>
    public MultimodalMedia Sample(int index) => MultimodalMedia.Encoded(Vision?[index], Audio?[index]);

    public void Dispose()
    {
        Vision?.Dispose();
        Audio?.Dispose();
    }
}
