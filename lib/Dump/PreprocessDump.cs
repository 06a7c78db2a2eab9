using R1Omni.Media;
using static TorchSharp.torch;

namespace R1Omni.Dump;

/// <summary>
/// Preprocessing without a model (`dump` with no --model): <c>waveform</c> F32 [N] (16 kHz) → Whisper log-mel
/// <c>input_features_80</c> / <c>input_features_128</c> [n_mels, 3000]; <c>image_rgb</c> U8 [H, W, 3] → SigLIP
/// <c>pixel_values_squash</c> / <c>pixel_values_pad</c> [3, 224, 224]. Either input may be absent.
/// </summary>
public static class PreprocessDump
{
    public static IReadOnlyDictionary<string, string> Inputs => new Dictionary<string, string>
    {
        ["waveform"] = "F32 [N] (16 kHz, optional)", ["image_rgb"] = "U8 [H, W, 3] (optional)",
    };
    public static IReadOnlyList<string> Outputs => ["input_features_80", "input_features_128", "pixel_values_squash", "pixel_values_pad"];

    public static Dictionary<string, Tensor> Run(DumpInputs inputs)
    {
        var outputs = new Dictionary<string, Tensor>();
        if (inputs.Tensors.ContainsKey("waveform"))
        {
            float[] wave = inputs.Require("waveform", ScalarType.Float32, rank: 1).data<float>().ToArray();
            outputs["input_features_80"] = new WhisperFeatureExtractor(featureSize: 80).Compute(wave);
            outputs["input_features_128"] = new WhisperFeatureExtractor(featureSize: 128).Compute(wave);
        }
        if (inputs.Tensors.ContainsKey("image_rgb"))
        {
            var rgb = inputs.Require("image_rgb", ScalarType.Byte, rank: 3);
            if (rgb.shape[2] != 3) throw new R1OmniException($"{inputs.SourcePath}: 'image_rgb' must be [H, W, 3], got [{string.Join(", ", rgb.shape)}]");
            var image = new RgbImage(rgb.data<byte>().ToArray(), (int)rgb.shape[0], (int)rgb.shape[1]);
            var processor = new ImagePreprocessor();
            outputs["pixel_values_squash"] = processor.Preprocess(image, ImageFraming.Squash);
            outputs["pixel_values_pad"] = processor.Preprocess(image, ImageFraming.PadToSquare);
        }
        if (outputs.Count == 0)
            throw new R1OmniException($"{inputs.SourcePath}: without --model, dump preprocesses 'waveform' and/or 'image_rgb', and the file has neither (have: {string.Join(", ", inputs.Tensors.Keys)})");
        return outputs;
    }
}
