using R1Omni.Checkpoints;
using R1Omni.Config;
using R1Omni.Models.Common;
using R1Omni.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Whisper;

/// <summary>
/// HF <c>WhisperEncoder</c> (as HumanOmni calls <c>WhisperForAudioClassification.encoder</c>): two GELU convolutions
/// (the second with stride 2) over the log-mel frames, the stored sinusoidal position table, pre-LN layers and a final
/// <c>layer_norm</c>. Parameter names are the encoder's own (<c>conv1.weight</c>, <c>layers.0.fc1.weight</c>, …).
/// </summary>
public sealed class WhisperEncoder : nn.Module
{
    /// <summary>Whisper's LayerNorms use PyTorch's default eps; the config has no field for it.</summary>
    public const double LayerNormEps = 1e-5;

    readonly Conv1d conv1, conv2;
    readonly Embedding embed_positions;
    readonly ModuleList<WhisperEncoderLayer> layers;
    readonly LayerNorm layer_norm;
    public WhisperConfig Config { get; }
    public ScalarType Dtype { get; }

    public WhisperEncoder(WhisperConfig config, ScalarType dtype = ScalarType.Float32, Device? device = null) : base(nameof(WhisperEncoder))
    {
        Config = config;
        Dtype = dtype;
        device ??= CPU;
        conv1 = nn.Conv1d(config.NumMelBins, config.DModel, 3, padding: 1, device: device, dtype: dtype);
        conv2 = nn.Conv1d(config.DModel, config.DModel, 3, stride: 2, padding: 1, device: device, dtype: dtype);
        embed_positions = Layers.Embedding(config.MaxSourcePositions, config.DModel, dtype, device);
        layers = nn.ModuleList(Enumerable.Range(0, config.EncoderLayers).Select(_ => new WhisperEncoderLayer(config, dtype, device)).ToArray());
        layer_norm = nn.LayerNorm(config.DModel, LayerNormEps, device: device, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>
    /// Log-mel features [B, num_mel_bins, 2·max_source_positions] (3000 frames for whisper-large-v3; shorter audio must
    /// be padded by the feature extractor) → <c>last_hidden_state</c> [B, max_source_positions, d_model].
    /// </summary>
    public Tensor Forward(Tensor inputFeatures)
    {
        CheckFeatures(inputFeatures);
        using var scope = NewDisposeScope();
        // The convolutions' GELU is exact whatever activation_function says (HF hard-codes it).
        var x = nn.functional.gelu(conv1.forward(inputFeatures.to(Dtype)));
        x = nn.functional.gelu(conv2.forward(x));
        var h = x.permute(0, 2, 1).add(embed_positions.weight!, Scalars.One);
        foreach (var layer in layers) h = layer.forward(h);
        return layer_norm.forward(h).MoveToOuterDisposeScope();
    }

    void CheckFeatures(Tensor f)
    {
        var shape = f.shape;
        if (shape.Length != 3 || shape[1] != Config.NumMelBins)
            throw new R1OmniException($"Whisper expects input_features of shape [B, {Config.NumMelBins}, {Config.InputFrames}] " +
                                      $"(num_mel_bins {Config.NumMelBins}), got [{string.Join(", ", shape)}]");
        if (shape[2] != Config.InputFrames)
            throw new R1OmniException($"Whisper expects the mel input features to be of length {Config.InputFrames} " +
                                      $"(2 × max_source_positions {Config.MaxSourcePositions}), but found {shape[2]}; " +
                                      $"pad or trim the features to {Config.InputFrames} frames");
    }

    /// <summary>Loads the tensors under <paramref name="prefix"/> (e.g. <c>model.encoder.</c>) strictly; other keys are skipped.</summary>
    public LoadReport LoadWeights(CheckpointReader reader, string prefix) =>
        StateDict.Load(this, reader, PrefixedKeys.Under(prefix, _ => false));

    /// <summary>Prefixes of the encoder in the layouts a Whisper folder comes in, most common first.</summary>
    public static readonly string[] FolderPrefixes =
    [
        "model.encoder.",   // WhisperForConditionalGeneration (openai/whisper-*)
        "encoder.",         // WhisperForAudioClassification, WhisperEncoder saved on its own with its base prefix
        "",                 // a bare encoder state dict
    ];

    // What those layouts carry beside the encoder: the decoder and tied output projection, or the classification head.
    static bool Sibling(string key) =>
        key.StartsWith("model.decoder.", StringComparison.Ordinal) || key.StartsWith("proj_out.", StringComparison.Ordinal) ||
        key.StartsWith("projector.", StringComparison.Ordinal) || key.StartsWith("classifier.", StringComparison.Ordinal) ||
        key == "layer_weights";

    /// <summary>A Whisper folder in any of the layouts above; the decoder and heads are ignored.</summary>
    public static WhisperEncoder FromPretrained(string folder, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var model = new WhisperEncoder(ModelConfig.Load<WhisperConfig>(folder), dtype, device);
        try
        {
            using var reader = CheckpointReader.Open(folder);
            string prefix = PrefixedKeys.Detect(reader, "conv1.weight", "Whisper", FolderPrefixes);
            PrefixedKeys.RequireKnownSiblings(reader, prefix, Sibling, "Whisper");
            model.LoadWeights(reader, prefix);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
