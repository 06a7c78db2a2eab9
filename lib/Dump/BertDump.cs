using R1Omni.Models.Bert;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Dump;

/// <summary>bert: input_ids I64 [B, L], attention_mask I64 [B, L] (1 real, 0 padding) → last_hidden_state F32 [B, L, hidden].</summary>
public sealed class BertDump : IDumpTarget
{
    public IReadOnlyList<string> ModelTypes => ["bert"];
    public IReadOnlyDictionary<string, string> Inputs => new Dictionary<string, string>
    {
        ["input_ids"] = "I64 [B, L]",
        ["attention_mask"] = "I64 [B, L]",
    };
    public IReadOnlyList<string> Outputs => ["last_hidden_state"];

    public Dictionary<string, Tensor> Run(string modelDir, DumpInputs inputs, ScalarType dtype, Device device)
    {
        using var model = BertModel.FromPretrained(modelDir, dtype, device);
        var ids = inputs.Require("input_ids", ScalarType.Int64, rank: 2);
        var mask = inputs.Require("attention_mask", ScalarType.Int64, rank: 2);
        inputs.CheckIdRange(ids, "input_ids", model.Config.VocabSize);
        if (!mask.shape.SequenceEqual(ids.shape) || mask.ne(Scalars.Of(0L)).logical_and(mask.ne(Scalars.One)).any().item<bool>())
            throw new R1OmniException($"{inputs.SourcePath}: 'attention_mask' must hold 1/0 with the shape of 'input_ids' [{string.Join(", ", ids.shape)}], " +
                                      $"got [{string.Join(", ", mask.shape)}]");
        using var _ = inference_mode();
        var hidden = model.Forward(ids.to(device), mask.to(device));
        return new() { ["last_hidden_state"] = hidden.to(ScalarType.Float32).cpu() };
    }
}
