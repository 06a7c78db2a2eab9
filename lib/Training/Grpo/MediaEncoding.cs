using R1Omni.Media;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using static TorchSharp.torch;

namespace R1Omni.Training.Grpo;

/// <summary>
/// The frozen towers' outputs for one video, repeated over <see cref="Rows"/> rows; a single-modality prompt runs only
/// its own tower. The towers are never trained, so these are computed without grad and reused by every pass
/// (generation, reference, policy) of the policy and of the reference, which shares the towers. Owns its tensors
/// (outside any dispose scope).
/// </summary>
public sealed class MediaEncoding : IDisposable
{
    readonly TowerFeatures features;

    MediaEncoding(TowerFeatures features, int rows)
    {
        this.features = features;
        Rows = rows;
    }

    public int Rows { get; }
    public Tensor? VisionFeatures => features.Vision;
    public Tensor? AudioStates => features.Audio;

    /// <summary>Row <paramref name="row"/>'s media for the multimodal forward.</summary>
    public MultimodalMedia Row(int row) => features.Sample(row);

    /// <summary>
    /// Runs the towers <paramref name="modality"/> needs on <paramref name="rows"/> copies of the clip: 1 to encode once,
    /// G to do what the reference trainer does (its batch repeats the video and audio of the prompt for each of the G samples).
    /// </summary>
    public static MediaEncoding Encode(HumanOmniQwen2ForCausalLM model, VideoClip clip, int rows = 1, PromptModality modality = PromptModality.VideoAudio)
    {
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows), rows, "at least one row");
        using var scope = NewDisposeScope();
        var pixels = modality == PromptModality.Audio ? null : clip.PixelValues.unsqueeze(0).expand(rows, -1, -1, -1, -1);
        var mel = modality == PromptModality.Video ? null : clip.InputFeatures.unsqueeze(0).expand(rows, -1, -1).contiguous();
        var features = model.EncodeTowers(pixels, mel);
        features.Vision?.DetachFromDisposeScope();
        features.Audio?.DetachFromDisposeScope();
        return new MediaEncoding(features, rows);
    }

    public void Dispose() => features.Dispose();
}
