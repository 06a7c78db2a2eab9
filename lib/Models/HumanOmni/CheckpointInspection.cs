using R1Omni.Checkpoints;
using R1Omni.Config;
using R1Omni.Models.Bert;
using R1Omni.Models.Siglip;
using R1Omni.Models.Whisper;
using static TorchSharp.torch;

namespace R1Omni.Models.HumanOmni;

/// <summary>
/// Checks a downloaded HumanOmni / R1-Omni checkpoint folder and its tower folders without loading weights: the
/// configs parse, the tower paths resolve, and every tensor the model needs is present with the right shape (the
/// model is built on the meta device from the configs), with dtypes and unused keys listed.
/// </summary>
public static class CheckpointInspection
{
    public sealed record Report(IReadOnlyList<string> Lines, IReadOnlyList<string> Problems)
    {
        public bool Ok => Problems.Count == 0;
    }

    public static Report Inspect(string folder, HumanOmniLoadOptions? options = null)
    {
        options ??= new();
        var lines = new List<string>();
        var problems = new List<string>();
        var meta = device("meta");
        var config = ModelConfig.Load<HumanOmniConfig>(folder);
        var (visionDir, audioDir) = HumanOmniLoader.TowerFolders(folder, config, options);
        lines.Add($"config      {ModelConfig.ConfigPath(folder)}: {config.Text.NumHiddenLayers} layers × {config.Text.HiddenSize}, " +
                  $"projector {config.MmProjectorType}, {config.NumFrames} frames, select layer {config.MmVisionSelectLayer}");
        lines.Add($"towers      vision {visionDir}; audio {audioDir}");

        var vision = new SiglipVisionModel(ModelConfig.Load<SiglipVisionConfig>(visionDir), ScalarType.BFloat16, meta);
        var audio = new WhisperEncoder(ModelConfig.Load<WhisperConfig>(audioDir), ScalarType.BFloat16, meta);
        string? bertDir = HumanOmniLoader.BertFolder(folder, options);
        var bert = new BertModel(bertDir is not null ? ModelConfig.Load<BertConfig>(bertDir) : new BertConfig(), ScalarType.BFloat16, meta);
        using var model = new HumanOmniQwen2ForCausalLM(config, vision, audio, bert, ScalarType.BFloat16, meta);

        using (var reader = CheckpointReader.Open(folder))
        {
            Compare(reader, model.ReleasedStateDict().Where(kv => !(kv.Key.StartsWith(HumanOmniCheckpointKeys.Bert, StringComparison.Ordinal) && !HasBert(reader))),
                    "checkpoint", lines, problems);
            var ignored = reader.Keys.Where(HumanOmniCheckpointKeys.IsIgnored).ToList();
            if (ignored.Count > 0) lines.Add($"            {ignored.Count} tower-copy/unused tensors present and ignored, as the reference does");
            if (!HasBert(reader)) lines.Add("            no model.bert_model.* in the checkpoint: BERT weights come from the bert-base-uncased folder");
            var unknown = reader.Keys.Where(k => !HumanOmniCheckpointKeys.IsLanguageModel(k) && !HumanOmniCheckpointKeys.IsMultimodal(k) && !HumanOmniCheckpointKeys.IsIgnored(k)).ToList();
            if (unknown.Count > 0) problems.Add($"checkpoint: {unknown.Count} unknown tensor(s), e.g. '{unknown[0]}'");
        }
        using (var reader = CheckpointReader.Open(visionDir))
            Compare(reader, StateDict.Of(vision), "vision tower", lines, problems);
        using (var reader = CheckpointReader.Open(audioDir))
        {
            string prefix = PrefixedKeys.Detect(reader, "conv1.weight", "Whisper", WhisperEncoder.FolderPrefixes);
            Compare(reader, StateDict.Of(audio, k => prefix + k), "audio tower", lines, problems);
        }
        return new Report(lines, problems);
    }

    static bool HasBert(CheckpointReader reader) => reader.Keys.Any(k => k.StartsWith(HumanOmniCheckpointKeys.Bert, StringComparison.Ordinal));

    static void Compare(CheckpointReader reader, IEnumerable<KeyValuePair<string, Tensor>> expected, string what, List<string> lines, List<string> problems)
    {
        int found = 0;
        long parameters = 0;
        var dtypes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, tensor) in expected)
        {
            if (!reader.Contains(key)) { problems.Add($"{what} {reader.Location}: missing '{key}' [{string.Join(", ", tensor.shape)}]"); continue; }
            var info = reader.Info(key);
            if (!info.Shape.SequenceEqual(tensor.shape))
                problems.Add($"{what} {reader.Location}: '{key}' has shape {info.ShapeText}, the config implies {TensorInfo.FormatShape(tensor.shape)}");
            // The meta model is built in bf16, so only the family of the expected dtype is known (the loader converts within it).
            if (SafetensorsDtypes.Incompatibility(info.Dtype, tensor.dtype) is { } why)
                problems.Add($"{what} {reader.Location}: '{key}' is {why}");
            found++;
            parameters += info.NumElements;
            dtypes[info.Dtype.ToString()] = dtypes.GetValueOrDefault(info.Dtype.ToString()) + 1;
        }
        lines.Add($"{what,-11} {reader.Location}: {found} tensors checked, {parameters / 1e6:F1} M parameters, dtypes {string.Join(", ", dtypes.Select(d => $"{d.Key}×{d.Value}"))}");
    }
}
