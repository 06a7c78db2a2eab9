using R1Omni.Generation;
using R1Omni.Media;
using R1Omni.Models.Common;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using static TorchSharp.torch;

namespace R1Omni.Inference;

/// <summary>
/// HumanOmni's <c>mm_infer</c> (<c>humanomni/mm_utils.py</c> and <c>humanomni/__init__.py</c>) for batches of videos over a
/// loaded <see cref="HumanOmniBundle"/>: the instruct rendered with the checkpoint's chat template and wrapped
/// placeholders, the gate reading the instruct, greedy decoding by default with the checkpoint's EOS ids and repetition
/// penalty, stopping at <c>&lt;|im_end|&gt;</c>. Video+audio, video-only and audio-only modes; a mode skips the towers it
/// does not need.
/// </summary>
public sealed class HumanOmniInference(HumanOmniBundle bundle) : IDisposable
{
    public HumanOmniBundle Bundle { get; } = bundle;
    public HumanOmniQwen2ForCausalLM Model => Bundle.Model;

    /// <summary>Loads a checkpoint folder (see <see cref="HumanOmniBundle.Load"/>).</summary>
    public static HumanOmniInference Load(string folder, ScalarType dtype, Device device, HumanOmniLoadOptions? options = null,
                                          ChatTemplateKind? template = null, AudioPolicy audioPolicy = AudioPolicy.SubstituteSilence,
                                          DecodedMediaCache? mediaCache = null) =>
        new(HumanOmniBundle.Load(folder, dtype, device, options, template, audioPolicy, mediaCache));

    /// <summary><c>mm_infer</c>'s generation: greedy, EOS from generation_config.json (else config.json) plus
    /// <c>&lt;|im_end|&gt;</c>, its repetition penalty.</summary>
    public GenerationOptions DefaultOptions(int maxNewTokens = 2048)
    {
        var options = GenerationOptions.Greedy(Bundle.Generation, Model.Config.Text.EosTokenIds, maxNewTokens);
        return options with { EosTokenIds = options.EosTokenIds.Append(Bundle.Tokenizer.ImEndId).Distinct().ToArray() };
    }

    /// <summary>Loads a clip as the released evaluation does (frames squashed), warning when its audio was substituted.</summary>
    public VideoClip LoadClip(string path, PromptModality modality, TextWriter log)
    {
        var clip = Bundle.ClipLoader.Load(path, ImageFraming.Squash);
        if (clip.Audio.Substituted && modality != PromptModality.Video)
            log.WriteLine($"warning: {clip.Media.Path}: {clip.Audio.SubstitutionReason}; using 10 s of silence as the reference does");
        return clip;
    }

    /// <summary>Runs one batch of decoded clips; <paramref name="onText"/> receives (row, newly decoded text) while generating.</summary>
    public IReadOnlyList<InferenceResult> Run(IReadOnlyList<VideoClip> clips, string instruct, PromptModality modality, GenerationOptions options,
                                              Action<int, string>? onText = null)
    {
        if (clips.Count == 0) return [];
        using var scope = NewDisposeScope();
        var pixels = modality == PromptModality.Audio ? null : stack(clips.Select(c => c.PixelValues).ToArray()).to(Model.Device);
        var mel = modality == PromptModality.Video ? null : stack(clips.Select(c => c.InputFeatures).ToArray()).to(Model.Device);
        var media = Enumerable.Range(0, clips.Count).Select(i => MultimodalMedia.Raw(pixels?[i], mel?[i])).ToList();
        return Generate(media, instruct, modality, options, onText);
    }

    /// <summary>
    /// Generates for each sample's media (the towers' inputs, or their outputs from <see cref="HumanOmniQwen2ForCausalLM.EncodeTowers"/>
    /// for a caller that reuses them) under the inference prompt of <paramref name="modality"/>.
    /// </summary>
    public IReadOnlyList<InferenceResult> Generate(IReadOnlyList<MultimodalMedia> media, string instruct, PromptModality modality,
                                                   GenerationOptions options, Action<int, string>? onText = null)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        using var trace = new ForwardTrace();
        long[] ids = Bundle.PromptIds(R1OmniPrompts.InferencePrompt(Bundle.Template, instruct, modality));
        var gate = Bundle.Gate(R1OmniPrompts.InferenceGateText(instruct));
        using var batch = Model.PrepareInputsLabelsForMultimodal(
            new MultimodalBatch(media.Select(m => new MultimodalSample(ids, m, gate)).ToList(), modality, PaddingSide.Left), trace);

        int count = media.Count;
        var streamed = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        var shown = new string[count];
        Array.Fill(shown, "");
        var tokenizer = Bundle.Tokenizer;
        var result = GenerationEngine.GenerateFromEmbeddings(Model, batch.InputsEmbeds, batch.AttentionMask, options, onToken: onText is null ? null : (row, token) =>
        {
            streamed[row].Add(token);
            string text = tokenizer.Decode(streamed[row], skipSpecialTokens: true);
            // Hold back text ending in a partial UTF-8 sequence until the next token completes it.
            if (text.Length > shown[row].Length && !text.EndsWith('\uFFFD') && text.StartsWith(shown[row], StringComparison.Ordinal))
            {
                onText(row, text[shown[row].Length..]);
                shown[row] = text;
            }
        });
        var timings = InferenceTimings.Of(trace, result);
        return Enumerable.Range(0, count).Select(i =>
        {
            string response = tokenizer.Decode(result.Tokens[i], skipSpecialTokens: true).Trim();
            return new InferenceResult(response, AnswerTag.Answer(response), result.Tokens[i], result.FinishReasons[i], timings);
        }).ToList();
    }

    public void Dispose() => Bundle.Dispose();
}
