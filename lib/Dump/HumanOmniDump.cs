using R1Omni.Config;
using R1Omni.Generation;
using R1Omni.Models.Common;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Dump;

/// <summary>
/// HumanOmni_qwen2: the whole multimodal forward of one video+audio sample with every intermediate (names of the
/// parity contract), plus 8 greedy tokens generated from the spliced embeddings.
/// </summary>
public sealed class HumanOmniDump : IDumpTarget
{
    public IReadOnlyList<string> ModelTypes => [HumanOmniConfig.ModelType];
    public IReadOnlyDictionary<string, string> Inputs => new Dictionary<string, string>
    {
        ["pixel_values"] = "F32 [T, 3, H, W]", ["input_features"] = "F32 [n_mels, frames]", ["input_ids"] = "I64 [L] (-201 video, -202 audio)",
        ["bert_input_ids"] = "I64 [Lb]", ["bert_attention_mask"] = "I64 [Lb]",
    };
    public IReadOnlyList<string> Outputs =>
    [
        "vision.features", "projector.video", "projector.body", "projector.face", "projector.face_mlp", "bert.cls", "gate.logits",
        "gate.probs", "projector.fused", "audio.encoder", "audio.pooled", "audio.tokens", "llm.inputs_embeds", "llm.logits", "llm.greedy_ids",
    ];

    public Dictionary<string, Tensor> Run(string modelDir, DumpInputs inputs, ScalarType dtype, Device device)
    {
        using var model = HumanOmniLoader.FromPretrained(modelDir, dtype, device);
        var pixels = inputs.Require("pixel_values", ScalarType.Float32, rank: 4);
        var mel = inputs.Require("input_features", ScalarType.Float32, rank: 2);
        var ids = inputs.Require("input_ids", ScalarType.Int64, rank: 1);
        var bertIds = inputs.Require("bert_input_ids", ScalarType.Int64, rank: 1);
        var bertMask = inputs.Require("bert_attention_mask", ScalarType.Int64, rank: 1);
        if (!bertMask.eq(Scalars.One).all().item<bool>())
            throw new R1OmniException($"{inputs.SourcePath}: 'bert_attention_mask' must be all ones (one gate text, no padding)");
        using var _ = inference_mode();

        // The one multimodal forward, keeping its intermediates under the parity contract's names.
        using var trace = new ForwardTrace { KeepTensors = true };
        var sample = new MultimodalSample(ids.data<long>().ToArray(), MultimodalMedia.Raw(pixels, mel), GateInput.FromIds(bertIds.data<long>().ToArray()));
        using var spliced = model.PrepareInputsLabelsForMultimodal(new MultimodalBatch([sample], PromptModality.VideoAudio, PaddingSide.Right), trace);
        var logits = model.Forward(spliced.InputsEmbeds);

        var options = GenerationOptions.Greedy(GenerationConfig.TryLoad(modelDir), model.Config.Text.EosTokenIds, Qwen2Dump.GreedyTokens);
        var generated = GenerationEngine.GenerateFromEmbeddings(model, spliced.InputsEmbeds, spliced.AttentionMask, options);
        long[] greedy = Enumerable.Range(0, Qwen2Dump.GreedyTokens)
            .Select(j => (long)(j < generated.Tokens[0].Length ? generated.Tokens[0][j] : options.PadTokenId)).ToArray();

        var outputs = Outputs.Where(trace.Tensors.ContainsKey).ToDictionary(name => name, name => trace.Tensors[name].clone());
        outputs["llm.logits"] = logits[0].to(ScalarType.Float32).cpu();
        outputs["llm.greedy_ids"] = tensor(greedy);
        var missing = Outputs.Where(o => !outputs.ContainsKey(o)).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"the forward did not record {string.Join(", ", missing)}");
        return outputs;
    }
}
