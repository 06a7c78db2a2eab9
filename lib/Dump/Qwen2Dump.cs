using R1Omni.Config;
using R1Omni.Generation;
using R1Omni.Models.Qwen2;
using static TorchSharp.torch;

namespace R1Omni.Dump;

/// <summary>
/// qwen2: input_ids I64 [B, L] → logits F32 [B, L, V] (full forward, positions 0..L−1) and greedy_ids I64 [B, 8]
/// (8 greedy tokens per row with the KV cache; rows that stop at EOS are padded as HF pads them).
/// </summary>
public sealed class Qwen2Dump : IDumpTarget
{
    public const int GreedyTokens = 8;
    public IReadOnlyList<string> ModelTypes => ["qwen2"];
    public IReadOnlyDictionary<string, string> Inputs => new Dictionary<string, string> { ["input_ids"] = "I64 [B, L]" };
    public IReadOnlyList<string> Outputs => ["logits", "greedy_ids"];

    public Dictionary<string, Tensor> Run(string modelDir, DumpInputs inputs, ScalarType dtype, Device device)
    {
        using var model = Qwen2ForCausalLM.FromPretrained(modelDir, dtype, device);
        var ids = inputs.Require("input_ids", ScalarType.Int64, rank: 2).to(device);
        inputs.CheckIdRange(ids, "input_ids", model.VocabSize);
        using var _ = inference_mode();
        var logits = model.Forward(model.Embed(ids));
        var options = GenerationOptions.Greedy(GenerationConfig.TryLoad(modelDir), model.Config.EosTokenIds, GreedyTokens);
        int pad = options.PadTokenId;
        var prompts = Enumerable.Range(0, (int)ids.shape[0]).Select(b => ids[b].data<long>().Select(v => (int)v).ToArray()).ToList();
        var result = GenerationEngine.Generate(model, prompts, options);
        var greedy = new long[prompts.Count, GreedyTokens];
        for (int b = 0; b < prompts.Count; b++)
            for (int j = 0; j < GreedyTokens; j++)
                greedy[b, j] = j < result.Tokens[b].Length ? result.Tokens[b][j] : pad;
        return new() { ["logits"] = logits.cpu(), ["greedy_ids"] = tensor(greedy) };
    }
}
