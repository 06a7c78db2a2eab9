using System.Globalization;
using System.Text.Json;
using System.Text;
using R1Omni.Data;
using R1Omni.Generation;
using R1Omni.Inference;
using R1Omni.Media;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Analysis;

/// <summary>
/// Which modality an answer depended on, per clip: the change in the log-probability of the model's own greedy answer
/// (and of the label) when a modality's tokens are removed from the input.
/// <list type="bullet">
/// <item><b>Full input</b>: the inference prompt of <c>mm_infer</c> for the given modality (video+audio by default),
/// with the clip's visual tokens (the gate reading the instruct) and audio tokens spliced in.</item>
/// <item><b>Removed</b>: the modality's wrapped placeholder and the newline after it (e.g.
/// "&lt;vi_start&gt;&lt;video&gt;&lt;vi_end&gt;\n") are deleted from the rendered prompt, so none of its spliced
/// feature rows nor its start/end text reach the LLM; every other token, the other modality's features and the gate
/// are unchanged. Removing video from the video+audio prompt gives exactly <c>mm_infer</c>'s audio-only prompt, and
/// the other way round. Removing a modality the prompt does not contain leaves the input as it is (a drop of exactly 0).</item>
/// <item><b>Answer's log-probability</b>: teacher-forced, the sum over the tokens of the answer's <see cref="AnswerSpan"/>
/// of log p(token | prompt, the greedy response's tokens before it), computed in one forward pass per input.</item>
/// <item><b>Label's log-probability</b>: the same with the label's tokens in place of the answer's (the span's text with
/// the answer replaced by the label, re-tokenised), after the same greedy prefix.</item>
/// </list>
/// The greedy response comes from <see cref="HumanOmniInference.Generate"/> on the full input's tower outputs, which the scores reuse.
/// </summary>
public static class ModalityContribution
{
    public const string Video = "video", Audio = "audio", Neither = "neither";
    public const string SamplesFile = "contributions.jsonl", TableFile = "contributions.csv", SummaryFile = "summary.json";

    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The rendered prompt with <paramref name="removed"/>'s wrapped placeholder line deleted (video or audio).</summary>
    public static string RemoveModality(string prompt, PromptModality removed) => removed switch
    {
        PromptModality.Video => prompt.Replace(ModalPlaceholders.Wrapped(ModalPlaceholders.Video) + "\n", "", StringComparison.Ordinal),
        PromptModality.Audio => prompt.Replace(ModalPlaceholders.Wrapped(ModalPlaceholders.Audio) + "\n", "", StringComparison.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(removed), removed, "remove video or audio"),
    };

    /// <summary>One clip's contribution; <paramref name="full"/> is the modality of the full input.</summary>
    public static ContributionSample Measure(HumanOmniInference session, VideoClip clip, string id, string? label, string instruct,
                                             GenerationOptions generation, PromptModality full = PromptModality.VideoAudio)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        // The towers run once: the greedy answer and every score reuse their outputs.
        using var towers = session.Model.EncodeTowers(full == PromptModality.Audio ? null : clip.PixelValues.unsqueeze(0),
                                                      full == PromptModality.Video ? null : clip.InputFeatures.unsqueeze(0));
        var media = towers.Sample(0);
        var greedy = session.Generate([media], instruct, full, generation)[0];
        var tokenizer = session.Bundle.Tokenizer;
        var span = AnswerSpan.Of(greedy.Tokens, tokenizer);
        int[] prefix = greedy.Tokens[..span.Start];
        string prompt = R1OmniPrompts.InferencePrompt(session.Bundle.Template, instruct, full);
        var answer = Scores(session, prompt, instruct, media, full, prefix, greedy.Tokens[span.Start..span.End]);
        var labelled = label is null ? null : Scores(session, prompt, instruct, media, full, prefix, tokenizer.Encode(span.WithAnswer(label)));
        return new ContributionSample(id, clip.Media.Path, label, greedy.Response, greedy.Answer, answer, labelled);
    }

    /// <summary>
    /// The summed log-probabilities of <paramref name="target"/> after <paramref name="prefix"/> under the full prompt and
    /// with video and audio removed.
    /// </summary>
    static ModalityLogProbs Scores(HumanOmniInference session, string prompt, string instruct, MultimodalMedia media, PromptModality full, int[] prefix, int[] target)
    {
        if (target.Length == 0) throw new ArgumentException("an empty target has no log-probability", nameof(target));
        double Score(string text) => TokenLogProbs(session, text, instruct, media, full, [.. prefix, .. target]).Skip(prefix.Length).Sum(v => (double)v);
        return new ModalityLogProbs(Score(prompt), Score(RemoveModality(prompt, PromptModality.Video)), Score(RemoveModality(prompt, PromptModality.Audio)));
    }

    /// <summary>
    /// Per-token log-probabilities (teacher-forced) of <paramref name="continuation"/> after a rendered prompt, the clip's
    /// media spliced in where the prompt has their placeholders and the gate reading <paramref name="instruct"/>.
    /// </summary>
    public static float[] TokenLogProbs(HumanOmniInference session, string prompt, string instruct, MultimodalMedia media, PromptModality modality,
                                        int[] continuation)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var bundle = session.Bundle;
        var sample = new MultimodalSample(bundle.PromptIds(prompt), media, bundle.Gate(R1OmniPrompts.InferenceGateText(instruct)));
        using var batch = session.Model.PrepareInputsLabelsForMultimodal(new MultimodalBatch([sample], modality, PaddingSide.Left));
        var completion = tensor(continuation.Select(i => (long)i).ToArray(), device: session.Model.Device).unsqueeze(0);
        var (logp, _) = CompletionLogProbs.Compute(session.Model.LanguageModel, batch.InputsEmbeds, completion);
        return logp[0].to(ScalarType.Float32).cpu().data<float>().ToArray();
    }

    /// <summary>
    /// Every item of <paramref name="manifest"/> (frames squashed, as the evaluation), written to
    /// <paramref name="outDir"/>: <c>contributions.jsonl</c> (one sample per line), <c>contributions.csv</c> and <c>summary.json</c>.
    /// </summary>
    public static (IReadOnlyList<ContributionSample> Samples, ContributionSummary Summary) Run(HumanOmniInference session, Manifest manifest, string instruct,
        GenerationOptions generation, string outDir, TextWriter log, PromptModality full = PromptModality.VideoAudio)
    {
        if (manifest.Count == 0) throw new R1OmniException($"{manifest.Name}: no items to analyse");
        Directory.CreateDirectory(outDir);
        var samples = new List<ContributionSample>();
        foreach (var item in manifest.Items)
        {
            using var clip = session.LoadClip(item.Video, full, log);
            samples.Add(Measure(session, clip, item.Id, item.Label, instruct, generation, full));
        }
        var summary = ContributionSummary.Of(samples);
        AtomicFile.WriteAllLines(Path.Combine(outDir, SamplesFile), samples.Select(s => JsonSerializer.Serialize(s, Json)));
        AtomicFile.WriteAllText(Path.Combine(outDir, TableFile), Csv(samples));
        AtomicFile.WriteAllText(Path.Combine(outDir, SummaryFile), JsonSerializer.Serialize(summary, new JsonSerializerOptions(Json) { WriteIndented = true }) + "\n");
        log.WriteLine($"[contribution] {samples.Count} samples: mean drop video {summary.MeanVideoDrop:F3}, audio {summary.MeanAudioDrop:F3} nats; " +
                      $"mattered most: video {summary.VideoMatteredShare:P0}, audio {summary.AudioMatteredShare:P0}, neither {summary.NeitherShare:P0}");
        return (samples, summary);
    }

    /// <summary>One row per sample: the answer's and the label's log-probabilities and drops (nats; empty label columns when unlabelled).</summary>
    public static string Csv(IReadOnlyList<ContributionSample> samples)
    {
        var csv = new StringBuilder("id,label,answer,mattered_most,answer_logp,answer_logp_without_video,answer_logp_without_audio,answer_video_drop,answer_audio_drop," +
                                    "label_logp,label_logp_without_video,label_logp_without_audio,label_video_drop,label_audio_drop\n");
        foreach (var s in samples)
        {
            var a = s.AnswerLogProbs;
            var l = s.LabelLogProbs;
            string[] label = l is null ? ["", "", "", "", ""] : [F(l.Full), F(l.WithoutVideo), F(l.WithoutAudio), F(l.VideoDrop), F(l.AudioDrop)];
            csv.AppendLine(string.Join(",", [Quote(s.Id), Quote(s.Label ?? ""), Quote(s.Answer), s.MatteredMost,
                                             F(a.Full), F(a.WithoutVideo), F(a.WithoutAudio), F(a.VideoDrop), F(a.AudioDrop), .. label]));
        }
        return csv.ToString();
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        static string Quote(string v) => "\"" + v.Replace("\"", "\"\"") + "\"";
    }
}
