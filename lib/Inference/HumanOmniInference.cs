using System.Diagnostics;
using R1Omni.Config;
using R1Omni.Evaluation;
using R1Omni.Generation;
using R1Omni.Media;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using R1Omni.Tokenizers;
using static TorchSharp.torch;

namespace R1Omni.Inference;

/// <summary>
/// HumanOmni's <c>mm_infer</c> (spec §3.6–3.9, §7.1) for batches of videos: the instruct rendered with the checkpoint's
/// chat template and wrapped placeholders, the gate reading the instruct, greedy decoding by default with the
/// checkpoint's EOS ids and repetition penalty, stopping at <c>&lt;|im_end|&gt;</c>. Video+audio, video-only and
/// audio-only modes; a mode skips the towers it does not need.
/// </summary>
public sealed class HumanOmniInference : IDisposable
{
    public HumanOmniQwen2ForCausalLM Model { get; }
    public Qwen2Tokenizer Tokenizer { get; }
    public BertTokenizer BertTokenizer { get; }
    public ChatTemplate Template { get; }
    public VideoClipLoader ClipLoader { get; }
    public GenerationConfig? Generation { get; }

    public HumanOmniInference(HumanOmniQwen2ForCausalLM model, Qwen2Tokenizer tokenizer, BertTokenizer bertTokenizer, ChatTemplate template,
                              VideoClipLoader clipLoader, GenerationConfig? generation)
    {
        Model = model;
        Tokenizer = tokenizer;
        BertTokenizer = bertTokenizer;
        Template = template;
        ClipLoader = clipLoader;
        Generation = generation;
    }

    /// <summary>Loads a checkpoint folder with its tokenizer, chat template, tower preprocessing configs and gate vocabulary.</summary>
    public static HumanOmniInference Load(string folder, ScalarType dtype, Device device, HumanOmniLoadOptions? options = null,
                                          ChatTemplateKind? template = null, AudioPolicy audioPolicy = AudioPolicy.SubstituteSilence)
    {
        options ??= new();
        var model = HumanOmniLoader.FromPretrained(folder, dtype, device, options);
        try
        {
            var tokenizer = Qwen2Tokenizer.Load(folder);
            string? bertDir = HumanOmniLoader.BertFolder(folder, options);
            var bertTokenizer = BertTokenizer.Load(bertDir is not null && File.Exists(Path.Combine(bertDir, "vocab.txt"))
                ? bertDir : Path.Combine(Runtime.AppPaths.DataDir, "tokenizers", "bert-base-uncased"));
            var (visionDir, audioDir) = HumanOmniLoader.TowerFolders(folder, model.Config, options);
            var loader = new VideoClipLoader(ImageProcessorFor(model, visionDir), FeatureExtractorFor(model, audioDir), model.Config.NumFrames, audioPolicy);
            return new HumanOmniInference(model, tokenizer, bertTokenizer, ChatTemplate.FromCheckpoint(folder, template), loader, GenerationConfig.TryLoad(folder));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>§7.1: greedy, EOS from generation_config.json (else config.json) plus <c>&lt;|im_end|&gt;</c>, its repetition penalty.</summary>
    public GenerationOptions DefaultOptions(int maxNewTokens = 2048)
    {
        var options = GenerationOptions.Greedy(Generation, Model.Config.Text.EosTokenIds, maxNewTokens);
        return options with { EosTokenIds = options.EosTokenIds.Append(Tokenizer.ImEndId).Distinct().ToArray() };
    }

    /// <summary>Runs one batch of decoded clips; <paramref name="onText"/> receives (row, newly decoded text) while generating.</summary>
    public IReadOnlyList<InferenceResult> Run(IReadOnlyList<VideoClip> clips, string instruct, PromptModality modality, GenerationOptions options,
                                              Action<int, string>? onText = null)
    {
        if (clips.Count == 0) return [];
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var (visual, audioTokens, encodeTimings) = EncodeMedia(clips, instruct, modality);
        return Generate(visual, audioTokens, clips.Count, instruct, modality, options, encodeTimings, onText);
    }

    /// <summary>
    /// Generates for <paramref name="count"/> clips whose media tokens <see cref="EncodeMedia"/> already computed (e.g. by
    /// a caller that reuses them), each under the inference prompt of <paramref name="modality"/>.
    /// </summary>
    public IReadOnlyList<InferenceResult> Generate(Tensor? visual, Tensor? audioTokens, int count, string instruct, PromptModality modality,
                                                   GenerationOptions options, InferenceTimings encodeTimings, Action<int, string>? onText = null)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        long[] ids = MultimodalTokenizer.Tokenize(R1OmniPrompts.InferencePrompt(Template, instruct, modality), Tokenizer).Select(i => (long)i).ToArray();
        var samples = Enumerable.Range(0, count).Select(i => new SpliceSample(ids, visual?[i], audioTokens?[i])).ToList();
        using var batch = Model.Splice(samples, PaddingSide.Left);

        var streamed = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        var shown = new string[count];
        Array.Fill(shown, "");
        var result = GenerationEngine.GenerateFromEmbeddings(Model, batch.InputsEmbeds, batch.AttentionMask, options, onToken: onText is null ? null : (row, token) =>
        {
            streamed[row].Add(token);
            string text = Tokenizer.Decode(streamed[row], skipSpecialTokens: true);
            // Hold back text ending in a partial UTF-8 sequence until the next token completes it.
            if (text.Length > shown[row].Length && !text.EndsWith('\uFFFD') && text.StartsWith(shown[row], StringComparison.Ordinal))
            {
                onText(row, text[shown[row].Length..]);
                shown[row] = text;
            }
        });
        var timings = encodeTimings with { Prefill = result.PrefillSeconds, Decode = result.DecodeSeconds };
        return Enumerable.Range(0, count).Select(i =>
        {
            string response = Tokenizer.Decode(result.Tokens[i], skipSpecialTokens: true).Trim();
            return new InferenceResult(response, AnswerExtraction.Answer(response), result.Tokens[i], result.FinishReasons[i], timings);
        }).ToList();
    }

    /// <summary>
    /// The clips' visual tokens (the gate reading the instruct) and audio tokens, [B, N, hidden] each, for the towers
    /// <paramref name="modality"/> needs (null for the other), with the seconds each stage took. The tensors belong to
    /// the caller's dispose scope.
    /// </summary>
    public (Tensor? Visual, Tensor? Audio, InferenceTimings Timings) EncodeMedia(IReadOnlyList<VideoClip> clips, string instruct, PromptModality modality)
    {
        var sw = Stopwatch.StartNew();
        Tensor? visual = null, audio = null;
        double gateSeconds = 0, visionSeconds = 0, audioSeconds = 0;
        if (modality != PromptModality.Audio)
        {
            var (bertIds, bertMask) = BertTokenizer.EncodeBatch([R1OmniPrompts.InferenceGateText(instruct)]).ToTensors(Model.Device);
            var probs = Model.Gate.Probabilities(Model.BertCls(bertIds, bertMask)).expand(clips.Count, -1);
            gateSeconds = sw.Elapsed.TotalSeconds;
            var pixels = stack(clips.Select(c => c.PixelValues).ToArray()).to(Model.Device);      // [B, T, 3, S, S]
            long b = pixels.shape[0], t = pixels.shape[1];
            var features = Model.VisionFeatures(pixels.flatten(0, 1));                               // [B·T, P, D]
            visual = Model.VisualTokens(features.view(b, t, features.shape[1], features.shape[2]), probs);
            visionSeconds = sw.Elapsed.TotalSeconds - gateSeconds;
        }
        if (modality != PromptModality.Video)
        {
            double start = sw.Elapsed.TotalSeconds;
            var mel = stack(clips.Select(c => c.InputFeatures).ToArray()).to(Model.Device);
            audio = Model.AudioTokens(Model.AudioEncoderStates(mel));
            audioSeconds = sw.Elapsed.TotalSeconds - start;
        }
        return (visual, audio, new InferenceTimings(visionSeconds, gateSeconds, audioSeconds, 0, 0));
    }

    // The towers' own preprocessor configs, as the reference's processors read them; the model config's sizes otherwise.
    static ImagePreprocessor ImageProcessorFor(HumanOmniQwen2ForCausalLM model, string visionDir)
    {
        string path = Path.Combine(visionDir, "preprocessor_config.json");
        int size = model.VisionTower.Config.ImageSize;
        return new ImagePreprocessor(File.Exists(path) ? SiglipImageProcessorConfig.Load(path) : new SiglipImageProcessorConfig(Height: size, Width: size));
    }

    static WhisperFeatureExtractor FeatureExtractorFor(HumanOmniQwen2ForCausalLM model, string audioDir)
    {
        string path = Path.Combine(audioDir, "preprocessor_config.json");
        return File.Exists(path) ? WhisperFeatureExtractor.FromPreprocessorConfig(path) : new(featureSize: model.AudioTower.Config.NumMelBins);
    }

    public void Dispose() => Model.Dispose();
}
