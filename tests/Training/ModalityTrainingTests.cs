using R1Omni.Data;
using R1Omni.Inference;
using R1Omni.Media;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using R1Omni.Tests.Inference;
using R1Omni.Tests.Training.Grpo;
using R1Omni.Tests.Training.Sft;
using R1Omni.Training;
using R1Omni.Training.Grpo;
using R1Omni.Training.Sft;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Omni.Tests.Training;

/// <summary>
/// One tiny SFT and GRPO step per modality: only the modality's tower runs, and gradients reach its projector (and, for
/// video, the gate) but not the other modality's.
/// </summary>
public class ModalityTrainingTests
{
    static bool HasGradient(HumanOmniQwen2ForCausalLM model, string prefix) =>
        model.named_parameters().Where(p => p.name.StartsWith(prefix, StringComparison.Ordinal))
            .Any(p => p.parameter.grad is { } g && g.abs().sum().ToDouble() > 0);

    static void AssertGradientsFollow(HumanOmniQwen2ForCausalLM model, PromptModality modality)
    {
        bool video = modality != PromptModality.Audio, audio = modality != PromptModality.Video;
        Assert.Equal(video, HasGradient(model, "mm_projector."));
        Assert.Equal(video, HasGradient(model, "bert_gate."));
        Assert.Equal(audio, HasGradient(model, "audio_projector."));
        Assert.True(HasGradient(model, "llm."));
    }

    [Theory]
    [InlineData(PromptModality.VideoAudio)]
    [InlineData(PromptModality.Video)]
    [InlineData(PromptModality.Audio)]
    public void SftStepUsesOnlyTheModalitysTower(PromptModality modality)
    {
        using var session = HumanOmniBundle.Load(TinyCheckpoint.Path, ScalarType.Float32, CPU);
        TrainableParts.Apply(session.Model, TrainableParts.SftDefault);
        string video = Path.Combine(SftData.WorldDir, "clips", "cold_start", "cold_start_00000.mp4");
        var example = new SftPreprocessor(session.Tokenizer, session.Template, 2048, modality).Process("clip0", video,
            [new(ConversationTurn.Human, R1OmniPrompts.SftHumanValue(R1OmniPrompts.DemoInstruct)), new(ConversationTurn.Gpt, "<answer>happy</answer>")]);
        using var features = new FrozenFeatureCache(session, keep: true, bertTrains: false, modality);
        var media = features.Media(video);
        Assert.Equal(modality != PromptModality.Audio, media.VisionFeatures is not null);
        Assert.Equal(modality != PromptModality.Video, media.AudioStates is not null);

        using var scope = NewDisposeScope();
        var loss = SftLoss.MicroBatch(session.Model, [example], features);
        Assert.True(double.IsFinite(loss.ToDouble()) && loss.ToDouble() > 0);
        loss.backward();
        AssertGradientsFollow(session.Model, modality);
    }

    [Theory]
    [InlineData(PromptModality.VideoAudio)]
    [InlineData(PromptModality.Video)]
    [InlineData(PromptModality.Audio)]
    public void GrpoStepUsesOnlyTheModalitysTower(PromptModality modality)
    {
        using var policy = HumanOmniBundle.Load(TinyCheckpoint.Path, ScalarType.Float32, CPU);
        using var reference = FrozenReference.Load(TinyCheckpoint.Path, policy.Model);
        TrainableParts.Apply(policy.Model, TrainableParts.GrpoDefault);
        // Move the policy off the reference: the KL term then sends gradient through every part the prompt uses.
        using (no_grad()) policy.Model.LanguageModel.Model.EmbedTokens.weight!.mul_(1.05);
        var options = new GrpoOptions { NumGenerations = 2, MaxCompletionLength = 4, Modality = modality };
        using var runner = new GrpoStepRunner(policy, reference.Model,
                                        RewardFunctions.Create(["accuracy"], "test"), options);
        var item = ConversationJson.Read(GrpoTestData.TrainJson(1), GrpoTestData.Folder, rlvr: true).Items[0];
        using var batch = runner.Rollout([item], seed: 3, i => policy.ClipLoader.Load(i.Video, ImageFraming.PadToSquare));
        var group = Assert.Single(batch.Groups);
        Assert.Equal(modality != PromptModality.Audio, group.Media!.VisionFeatures is not null);
        Assert.Equal(modality != PromptModality.Video, group.Media.AudioStates is not null);
        Assert.Equal(modality, group.Prompt.Modality);

        foreach (var p in policy.Model.parameters()) p.grad?.zero_();
        var stats = runner.Backward(batch);
        Assert.True(stats.Kl > 0);
        AssertGradientsFollow(policy.Model, modality);
    }
}
