using static TorchSharp.torch;

namespace R1Omni.Models.HumanOmni;

/// <summary>
/// One sample's media for <see cref="HumanOmniQwen2ForCausalLM.PrepareInputsLabelsForMultimodal"/>: the towers' inputs
/// (frames [T, 3, S, S], log-mel [n_mels, frames]), or their outputs computed earlier by
/// <see cref="HumanOmniQwen2ForCausalLM.EncodeTowers"/> (SigLIP features [T, P, mm_hidden], Whisper states
/// [frames/2, audio_hidden]), which is how the frozen-feature caches of training skip the towers. Per modality one
/// form; a batch uses the same form in every sample.
/// </summary>
public sealed record MultimodalMedia
{
    public Tensor? PixelValues { get; init; }
    public Tensor? InputFeatures { get; init; }
    public Tensor? VisionFeatures { get; init; }
    public Tensor? AudioStates { get; init; }

    public static MultimodalMedia Raw(Tensor? pixelValues, Tensor? inputFeatures) => new() { PixelValues = pixelValues, InputFeatures = inputFeatures };

    public static MultimodalMedia Encoded(Tensor? visionFeatures, Tensor? audioStates) => new() { VisionFeatures = visionFeatures, AudioStates = audioStates };
}
