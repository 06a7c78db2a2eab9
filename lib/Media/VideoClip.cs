using TorchSharp;

namespace R1Omni.Media;

/// <summary>Everything the model reads from one video file (what <c>process_video</c> and <c>process_audio</c> of
/// <c>humanomni/mm_utils.py</c> give, the audio as Whisper features). Owns its two tensors.</summary>
/// <param name="FrameIndices">The sampled frame numbers, in order (repeats when the video has fewer frames).</param>
/// <param name="Frames">The decoded frames at native resolution, one per index.</param>
/// <param name="PixelValues"><c>pixel_values</c>: float32 [T, 3, H, W] (H = W = 224 for SigLIP) on the CPU.</param>
/// <param name="Audio">The 16 kHz mono waveform, or the reported stand-in silence.</param>
/// <param name="InputFeatures"><c>input_features</c>: Whisper log-mel float32 [n_mels, 3000] on the CPU.</param>
public sealed record VideoClip(MediaInfo Media, int[] FrameIndices, IReadOnlyList<RgbImage> Frames, torch.Tensor PixelValues,
                               DecodedAudio Audio, torch.Tensor InputFeatures, VideoClipTimings Timings) : IDisposable
{
    public void Dispose()
    {
        PixelValues.Dispose();
        InputFeatures.Dispose();
    }
}
