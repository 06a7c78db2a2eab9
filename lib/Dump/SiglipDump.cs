using R1Omni.Models.Siglip;
using static TorchSharp.torch;

namespace R1Omni.Dump;

/// <summary>
/// siglip / siglip_vision_model: pixel_values F32 [N, C, S, S] → hidden_states_select (<c>hidden_states[-2]</c>, the
/// HumanOmni tower feature) and last_hidden_state (all layers + post_layernorm), both F32 [N, P, hidden].
/// </summary>
public sealed class SiglipDump : IDumpTarget
{
    /// <summary>HumanOmni's <c>mm_vision_select_layer</c>.</summary>
    public const int SelectLayer = -2;
    public IReadOnlyList<string> ModelTypes => ["siglip", "siglip_vision_model"];
    public IReadOnlyDictionary<string, string> Inputs => new Dictionary<string, string> { ["pixel_values"] = "F32 [N, 3, H, W]" };
    public IReadOnlyList<string> Outputs => ["hidden_states_select", "last_hidden_state"];

    public Dictionary<string, Tensor> Run(string modelDir, DumpInputs inputs, ScalarType dtype, Device device)
    {
        using var model = SiglipVisionModel.FromPretrained(modelDir, dtype, device);
        var pixels = inputs.Require("pixel_values", ScalarType.Float32, rank: 4).to(device);
        using var _ = inference_mode();
        int layers = model.LayersForHiddenState(SelectLayer);
        var selected = model.Forward(pixels, layers);
        var last = model.ForwardFrom(selected, layers);
        return new()
        {
            ["hidden_states_select"] = selected.to(ScalarType.Float32).cpu(),
            ["last_hidden_state"] = last.to(ScalarType.Float32).cpu(),
        };
    }
}
