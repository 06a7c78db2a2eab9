using R1Omni.Analysis;
using R1Omni.Data;
using R1Omni.Generation;
using R1Omni.Inference;
using R1Omni.Media;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using R1Omni.Tests.Inference;
using R1Omni.Tests.Training.Grpo;
using static TorchSharp.torch;

namespace R1Omni.Tests.Analysis;

/// <summary>The tiny checkpoint and one SynthEmo clip, shared by the contribution tests.</summary>
public sealed class ContributionSession : IDisposable
{
    public HumanOmniInference Session { get; } = HumanOmniInference.Load(TinyCheckpoint.Path, ScalarType.Float32, CPU);
    public ManifestItem Item { get; } = ConversationJson.Read(GrpoTestData.TrainJson(2), GrpoTestData.Folder, rlvr: true).Items[0];
    /// <summary>Greedy without repetition penalty, so every generated token is the argmax of its distribution.</summary>
    public GenerationOptions Greedy => Session.DefaultOptions(8) with { RepetitionPenalty = 1.0 };

    public VideoClip Clip() => Session.Bundle.ClipLoader.Load(Item.Video, ImageFraming.Squash);

    public void Dispose() => Session.Dispose();
}

public class ModalityContributionTests(ContributionSession s) : IClassFixture<ContributionSession>
{
    const string Instruct = R1OmniPrompts.DemoInstruct;

    [Fact]
    public void RemovingAModalityGivesMmInfersSingleModalityPrompts()
    {
        var template = ChatTemplate.For(ChatTemplateKind.Qwen2_5);
        string Prompt(PromptModality m) => R1OmniPrompts.InferencePrompt(template, Instruct, m);
        Assert.Equal(Prompt(PromptModality.Audio), ModalityContribution.RemoveModality(Prompt(PromptModality.VideoAudio), PromptModality.Video));
        Assert.Equal(Prompt(PromptModality.Video), ModalityContribution.RemoveModality(Prompt(PromptModality.VideoAudio), PromptModality.Audio));
        Assert.Equal(Prompt(PromptModality.Video), ModalityContribution.RemoveModality(Prompt(PromptModality.Video), PromptModality.Audio));
        Assert.DoesNotContain("<vi_start>", ModalityContribution.RemoveModality(Prompt(PromptModality.Video), PromptModality.Video));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModalityContribution.RemoveModality(Prompt(PromptModality.Video), PromptModality.VideoAudio));
    }

    [Fact]
    public void FullInputLogProbsEqualAPlainForwardAndTheGreedyTokensAreItsArgmax()
    {
        using var clip = s.Clip();
        int[] tokens = s.Session.Run([clip], Instruct, PromptModality.VideoAudio, s.Greedy)[0].Tokens;
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var media = MultimodalMedia.Raw(clip.PixelValues, clip.InputFeatures);
        string prompt = R1OmniPrompts.InferencePrompt(s.Session.Bundle.Template, Instruct);
        float[] logp = ModalityContribution.TokenLogProbs(s.Session, prompt, Instruct, media, PromptModality.VideoAudio, tokens);

        // The plain forward: the whole spliced sequence at once, full logits, log-softmax.
        var model = s.Session.Model;
        long[] ids = [.. s.Session.Bundle.PromptIds(prompt), .. tokens.Select(t => (long)t)];
        var sample = new MultimodalSample(ids, media, s.Session.Bundle.Gate(Instruct));
        using var batch = model.PrepareInputsLabelsForMultimodal(new MultimodalBatch([sample], PromptModality.VideoAudio, PaddingSide.Right));
        long length = batch.InputsEmbeds.shape[1];
        var logits = model.Forward(batch.InputsEmbeds).to(ScalarType.Float32)[0].narrow(0, length - tokens.Length - 1, tokens.Length).log_softmax(-1);
        float[] expected = logits.gather(-1, tensor(tokens.Select(t => (long)t).ToArray()).unsqueeze(-1)).squeeze(-1).data<float>().ToArray();
        Assert.Equal(tokens.Length, logp.Length);
        for (int i = 0; i < tokens.Length; i++) Assert.Equal(expected[i], logp[i], 1e-4);
        // Greedy decoding picked each token as the most likely one: its log-prob is the step's highest score.
        Assert.Equal(tokens, logits.argmax(-1).data<long>().Select(t => (int)t).ToArray());
        float[] best = logits.max(-1).values.data<float>().ToArray();
        for (int i = 0; i < tokens.Length; i++) Assert.Equal(best[i], logp[i], 1e-4);
    }

    [Fact]
    public void AModalityThePromptDidNotContainContributesExactlyZero()
    {
        using var clip = s.Clip();
        var sample = ModalityContribution.Measure(s.Session, clip, "c0", "happy", Instruct, s.Greedy, PromptModality.Video);
        Assert.Equal(0.0, sample.AnswerLogProbs.AudioDrop);
        Assert.Equal(0.0, sample.LabelLogProbs!.AudioDrop);
        Assert.NotEqual(0.0, sample.AnswerLogProbs.VideoDrop);
        Assert.True(sample.AnswerLogProbs.Full < 0 && sample.LabelLogProbs.Full < 0);
        Assert.Equal(sample.AnswerLogProbs.VideoDrop > 0 ? ModalityContribution.Video : ModalityContribution.Neither, sample.MatteredMost);
    }

    [Fact]
    public void TheFullLogProbIsTheSumOverTheAnswersTokens()
    {
        using var clip = s.Clip();
        var greedy = s.Session.Run([clip], Instruct, PromptModality.VideoAudio, s.Greedy)[0];
        var span = AnswerSpan.Of(greedy.Tokens, s.Session.Bundle.Tokenizer);
        var sample = ModalityContribution.Measure(s.Session, clip, "c0", null, Instruct, s.Greedy);
        Assert.Null(sample.LabelLogProbs);
        Assert.Equal(greedy.Response, sample.Response);
        using var scope = NewDisposeScope();
        var media = MultimodalMedia.Raw(clip.PixelValues, clip.InputFeatures);
        float[] logp = ModalityContribution.TokenLogProbs(s.Session, R1OmniPrompts.InferencePrompt(s.Session.Bundle.Template, Instruct), Instruct, media,
                                                          PromptModality.VideoAudio, greedy.Tokens[..span.End]);
        Assert.Equal(logp[span.Start..].Sum(v => (double)v), sample.AnswerLogProbs.Full, 1e-9);
    }

    [Fact]
    public void RunWritesSamplesTableAndSummary()
    {
        string dir = TestPaths.NewTempDir();
        var manifest = ConversationJson.Read(GrpoTestData.TrainJson(2), GrpoTestData.Folder, rlvr: true);
        var (samples, summary) = ModalityContribution.Run(s.Session, manifest, Instruct, s.Greedy, dir, TextWriter.Null);
        Assert.Equal(2, samples.Count);
        Assert.Equal(manifest.Items.Select(i => i.Label), samples.Select(x => x.Label));
        Assert.Equal(samples.Average(x => x.AnswerLogProbs.VideoDrop), summary.MeanVideoDrop, 12);
        Assert.Equal(1.0, summary.VideoMatteredShare + summary.AudioMatteredShare + summary.NeitherShare, 12);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(dir, ModalityContribution.SamplesFile)).Length);
        Assert.Contains("\"answer_log_probs\":{\"full\":", File.ReadAllText(Path.Combine(dir, ModalityContribution.SamplesFile)));
        var csv = File.ReadAllLines(Path.Combine(dir, ModalityContribution.TableFile));
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("id,label,answer,mattered_most,answer_logp,", csv[0]);
        Assert.Contains("\"samples\": 2", File.ReadAllText(Path.Combine(dir, ModalityContribution.SummaryFile)));
    }
}
