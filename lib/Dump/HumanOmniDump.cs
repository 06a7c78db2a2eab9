using R1Omni.Config;
using R1Omni.Generation;
using R1Omni.Models.HumanOmni;
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
        var pixels = inputs.Require("pixel_values", ScalarType.Float32, rank: 4).to(device);
        var mel = inputs.Require("input_features", ScalarType.Float32, rank: 2).to(device);
        var ids = inputs.Require("input_ids", ScalarType.Int64, rank: 1);
        var bertIds = inputs.Require("bert_input_ids", ScalarType.Int64, rank: 1).to(device).unsqueeze(0);
        var bertMask = inputs.Require("bert_attention_mask", ScalarType.Int64, rank: 1).to(device).unsqueeze(0);
        using var _ = inference_mode();

        var features = model.VisionFeatures(pixels);                         // [T, P, Dv]
        var batched = features.unsqueeze(0);
        var cls = model.BertCls(bertIds, bertMask);                           // [1, Hb]
        var gateLogits = model.Gate.forward(cls);
        var probs = model.Gate.Probabilities(cls);
        var fused = model.VisualTokens(batched, probs)[0];
        var encoder = model.AudioEncoderStates(mel.unsqueeze(0));             // [1, F/2, Da]
        var audio = model.AudioTokens(encoder)[0];
        long[] promptIds = ids.data<long>().ToArray();
        using var spliced = model.Splice([new SpliceSample(promptIds, fused, audio)], PaddingSide.Right);
        var logits = model.Forward(spliced.InputsEmbeds);

        var options = GenerationOptions.Greedy(GenerationConfig.TryLoad(modelDir), model.Config.Text.EosTokenIds, Qwen2Dump.GreedyTokens);
        var generated = GenerationEngine.GenerateFromEmbeddings(model, spliced.InputsEmbeds, spliced.AttentionMask, options);
        long[] greedy = Enumerable.Range(0, Qwen2Dump.GreedyTokens)
            .Select(j => (long)(j < generated.Tokens[0].Length ? generated.Tokens[0][j] : options.PadTokenId)).ToArray();

        static Tensor F32(Tensor t) => t.to(ScalarType.Float32).cpu();
        return new()
        {
            ["vision.features"] = F32(features),
            ["projector.video"] = F32(model.Projector.Video(batched)[0]),
            ["projector.body"] = F32(model.Projector.Body(batched)[0]),
            ["projector.face"] = F32(model.Projector.Face(batched)[0]),
            ["projector.face_mlp"] = F32(model.Projector.FaceMlp.forward(features)),
            ["bert.cls"] = F32(cls[0]),
            ["gate.logits"] = F32(gateLogits[0]),
            ["gate.probs"] = F32(probs[0]),
            ["projector.fused"] = F32(fused),
            ["audio.encoder"] = F32(encoder[0]),
            ["audio.pooled"] = F32(model.AudioProjector.Pool(encoder)[0]),
            ["audio.tokens"] = F32(audio),
            ["llm.inputs_embeds"] = F32(spliced.InputsEmbeds[0]),
            ["llm.logits"] = F32(logits[0]),
            ["llm.greedy_ids"] = tensor(greedy),
        };
    }
}
