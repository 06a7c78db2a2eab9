using R1Omni.Models.Whisper;
using static TorchSharp.torch;

namespace R1Omni.Dump;

/// <summary>
/// whisper: input_features F32 [1, n_mels, frames] (or [n_mels, frames]) → last_hidden_state F32 [1, frames/2, d_model]
/// (or [frames/2, d_model], matching the input's rank). The encoder alone, as HumanOmni runs it.
/// </summary>
public sealed class WhisperDump : IDumpTarget
{
    public IReadOnlyList<string> ModelTypes => ["whisper"];
    public IReadOnlyDictionary<string, string> Inputs => new Dictionary<string, string> { ["input_features"] = "F32 [1, n_mels, frames] or [n_mels, frames]" };
    public IReadOnlyList<string> Outputs => ["last_hidden_state"];

    public Dictionary<string, Tensor> Run(string modelDir, DumpInputs inputs, ScalarType dtype, Device device)
    {
        using var model = WhisperEncoder.FromPretrained(modelDir, dtype, device);
        var features = inputs.Require("input_features", ScalarType.Float32, [2, 3]).to(device);
        bool unbatched = features.dim() == 2;
        using var _ = inference_mode();
        var hidden = model.Forward(unbatched ? features.unsqueeze(0) : features);
        if (unbatched) hidden = hidden.squeeze(0);
        return new() { ["last_hidden_state"] = hidden.to(ScalarType.Float32).cpu() };
    }
}
