using R1Omni.Media;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using static TorchSharp.torch;

namespace R1Omni.Training.Grpo;

/// <summary>
/// The frozen towers' outputs for one video, repeated over <see cref="Rows"/> rows: SigLIP features [R, T, P, D] and
/// Whisper encoder states [R, F, D_audio]; a single-modality prompt runs only its own tower and leaves the other null.
/// The towers are never trained, so these are computed without grad and can be reused by every pass (generation,
/// reference, policy) of the policy and of the reference, which shares the towers. Owns its tensors (outside any
/// dispose scope).
/// </summary>
public sealed class MediaEncoding : IDisposable
{
    public Tensor? VisionFeatures { get; }
    public Tensor? AudioStates { get; }
    public int Rows { get; }

    MediaEncoding(Tensor? visionFeatures, Tensor? audioStates, int rows)
    {
        VisionFeatures = visionFeatures;
        AudioStates = audioStates;
        Rows = rows;
    }

    /// <summary>
    /// Runs the towers <paramref name="modality"/> needs on <paramref name="rows"/> copies of the clip: 1 to encode once,
    /// G to do what the reference trainer does (its batch repeats the video and audio of the prompt for each of the G samples).
    /// </summary>
    public static MediaEncoding Encode(HumanOmniQwen2ForCausalLM model, VideoClip clip, int rows = 1, PromptModality modality = PromptModality.VideoAudio)
    {
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows), rows, "at least one row");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor? vision = null, audio = null;
        if (modality != PromptModality.Audio)
        {
            var pixels = clip.PixelValues.to(model.Device);                               // [T, 3, S, S]
            long t = pixels.shape[0];
            var frames = rows == 1 ? pixels : pixels.unsqueeze(0).expand(rows, -1, -1, -1, -1).reshape(rows * t, pixels.shape[1], pixels.shape[2], pixels.shape[3]);
            var features = model.VisionFeatures(frames);                                  // [R·T, P, D]
            vision = features.view(rows, t, features.shape[1], features.shape[2]).DetachFromDisposeScope();
        }
        if (modality != PromptModality.Video)
        {
            var mel = clip.InputFeatures.to(model.Device).unsqueeze(0).expand(rows, -1, -1).contiguous();
            audio = model.AudioEncoderStates(mel).DetachFromDisposeScope();
        }
        return new MediaEncoding(vision, audio, rows);
    }

    public void Dispose()
    {
        VisionFeatures?.Dispose();
        AudioStates?.Dispose();
    }
}
