using R1Omni.Checkpoints;
using R1Omni.Config;
using static TorchSharp.torch;

namespace R1Omni.Models.Projector;

/// <summary>
/// HumanOmni's audio path after the Whisper encoder (the <c>mlp2x_gelu</c> type of
/// <c>humanomni/model/multimodal_projector/</c>): average pooling over frames (kernel 3, stride 3; 1500 → 500) then the
/// <c>mlp2x_gelu</c> <c>audio_projector</c> (Linear → GELU → Linear) to the LLM width.
/// </summary>
public sealed class AudioProjector : GeluMlp
{
    public const string SupportedType = "mlp2x_gelu";
    public const string CheckpointPrefix = "model.audio_projector.";
    public const long PoolSize = 3;

    public AudioProjector(long audioHiddenSize, long hiddenSize, ScalarType dtype = ScalarType.Float32, Device? device = null)
        : base(audioHiddenSize, hiddenSize, hiddenSize, dtype, device, nameof(AudioProjector)) { }

    /// <summary>The projector a HumanOmni config asks for; any <c>mm_audio_projector_type</c> but <see cref="SupportedType"/> is rejected.</summary>
    public static AudioProjector FromConfig(HumanOmniConfig config, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        if (config.MmAudioProjectorType != SupportedType)
            throw new R1OmniException($"config.json: mm_audio_projector_type '{config.MmAudioProjectorType}' is not supported; " +
                                      $"only '{SupportedType}' is implemented");
        return new AudioProjector(config.AudioHiddenSize, config.Text.HiddenSize, dtype, device);
    }

    public LoadReport LoadWeights(CheckpointReader reader) => StateDict.Load(this, reader, PrefixedKeys.Under(CheckpointPrefix, _ => false));

    /// <summary>Audio tokens [..., frames / 3, hidden] from encoder states [..., frames, audio_hidden] ([frames, D] or [B, frames, D]).</summary>
    public override Tensor forward(Tensor encoderStates)
    {
        using var scope = NewDisposeScope();
        return base.forward(Pool(encoderStates)).MoveToOuterDisposeScope();
    }

    /// <summary>AvgPool1d(3, stride 3) over the frame axis; a trailing partial window is dropped.</summary>
    public Tensor Pool(Tensor encoderStates)
    {
        if (encoderStates.dim() is < 2 or > 3 || encoderStates.shape[^1] != InFeatures || encoderStates.shape[^2] < PoolSize)
            throw new R1OmniException($"audio projector input: expected Whisper encoder states [frames, {InFeatures}] or " +
                                      $"[batch, frames, {InFeatures}] (audio_hidden_size) with at least {PoolSize} frames, " +
                                      $"got [{string.Join(", ", encoderStates.shape)}]");
        using var scope = NewDisposeScope();
        var pooled = nn.functional.avg_pool1d(encoderStates.transpose(-1, -2), PoolSize, PoolSize);
        return pooled.transpose(-1, -2).MoveToOuterDisposeScope();
    }
}
