using R1Omni.Checkpoints;
using R1Omni.Config;
using static TorchSharp.torch;

namespace R1Omni.Models.Siglip;

/// <summary>
/// HF <c>SiglipVisionModel</c> (parameter names <c>vision_model.*</c>), the frozen vision tower of HumanOmni. The tower
/// feature is <c>hidden_states[-2]</c>, for which only the layers up to it are run; <c>last_hidden_state</c> (all layers
/// and <c>post_layernorm</c>) serves parity dumps. Inputs are cast to the model dtype; outputs stay in it.
/// </summary>
public sealed class SiglipVisionModel : nn.Module
{
    readonly SiglipVisionTransformer vision_model;
    public SiglipVisionConfig Config { get; }
    public ScalarType Dtype { get; }

    public SiglipVisionModel(SiglipVisionConfig config, ScalarType dtype = ScalarType.Float32, Device? device = null) : base(nameof(SiglipVisionModel))
    {
        Config = config;
        Dtype = dtype;
        vision_model = new SiglipVisionTransformer(config, dtype, device ?? CPU);
        RegisterComponents();
    }

    public int NumLayers => Config.NumHiddenLayers;

    /// <summary>
    /// Pixels [N, C, S, S] → with <paramref name="runLayers"/> null: <c>last_hidden_state</c> (every layer, then
    /// <c>post_layernorm</c>); otherwise <c>hidden_states[runLayers]</c>, the raw output after that many layers (0: the
    /// embeddings), running no further layer.
    /// </summary>
    public Tensor Forward(Tensor pixelValues, int? runLayers = null)
    {
        CheckPixels(pixelValues);
        if (runLayers is int k && (k < 0 || k > NumLayers))
            throw new ArgumentOutOfRangeException(nameof(runLayers), k, $"must be in [0, {NumLayers}]");
        using var scope = NewDisposeScope();
        var h = vision_model.Embed(pixelValues);
        var result = runLayers is int n ? vision_model.RunLayers(h, 0, n) : ForwardFrom(h, 0);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary><c>last_hidden_state</c> from <c>hidden_states[layersDone]</c>: the remaining layers, then <c>post_layernorm</c>.</summary>
    public Tensor ForwardFrom(Tensor hiddenState, int layersDone)
    {
        using var scope = NewDisposeScope();
        var h = vision_model.RunLayers(hiddenState, layersDone, NumLayers);
        return vision_model.PostLayerNorm(h).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// How many layers produce <c>hidden_states[index]</c> of HF's tuple (embeddings, layer 1, …, layer n); negative
    /// indices count from the end, so HumanOmni's <c>mm_vision_select_layer</c> −2 gives n − 1.
    /// </summary>
    public int LayersForHiddenState(int index)
    {
        int count = NumLayers + 1, layers = index < 0 ? count + index : index;
        return layers >= 0 && layers < count ? layers
            : throw new R1OmniException($"vision select layer {index} is out of range for a {NumLayers}-layer SigLIP (hidden_states has {count} entries)");
    }

    void CheckPixels(Tensor pixelValues)
    {
        long c = Config.NumChannels, s = Config.ImageSize;
        var shape = pixelValues.shape;
        if (shape.Length != 4 || shape[1] != c || shape[2] != s || shape[3] != s)
            throw new R1OmniException($"SigLIP expects pixel_values of shape [N, {c}, {s}, {s}] (num_channels {c}, image_size {s} " +
                                      $"in config.json), got [{string.Join(", ", shape)}]");
    }

    /// <summary>
    /// Loads the tensors under <paramref name="prefix"/> (<c>vision_model.*</c> follows it), strictly: the attention-pooling
    /// head, the text half and the logit scale/bias of a full SigLIP checkpoint are skipped by name; keys outside the
    /// prefix belong to other modules.
    /// </summary>
    public LoadReport LoadWeights(CheckpointReader reader, string prefix = "") =>
        StateDict.Load(this, reader, PrefixedKeys.Under(prefix, Unused));

    static bool Unused(string key) =>
        key.StartsWith("vision_model.head.", StringComparison.Ordinal) ||
        key.StartsWith("text_model.", StringComparison.Ordinal) ||
        key is "logit_scale" or "logit_bias" or "vision_model.embeddings.position_ids";

    /// <summary>A SigLIP folder: a full <c>siglip</c> checkpoint (vision half used) or a <c>siglip_vision_model</c> one.</summary>
    public static SiglipVisionModel FromPretrained(string folder, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var model = new SiglipVisionModel(ModelConfig.Load<SiglipVisionConfig>(folder), dtype, device);
        try
        {
            using var reader = CheckpointReader.Open(folder);
            model.LoadWeights(reader);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
