using R1Omni.Prompts;
using R1Omni.Reproduce;
using R1Omni.Training.Grpo;

namespace R1Omni.Tests.Reproduce;

/// <summary>The ablation variants: R1-Omni's own value maps to the main GRPO stage, every other value to its own run changing one setting.</summary>
public class GrpoAblationsTests
{
    [Fact]
    public void EachVariantChangesOneSettingAndTheReferenceIsTheMainStage()
    {
        var c = GrpoConfig.Defaults with { NumGenerations = 4 };
        var rewards = GrpoAblations.Rewards([["accuracy", "format"], ["accuracy"]]);
        Assert.Equal(["accuracy+format", "accuracy"], rewards.Select(v => v.Label));
        Assert.True(rewards[0].IsReference);
        Assert.Equal(GrpoAblations.ReferenceRun, rewards[0].RunName);
        Assert.Equal("ablation-rewards-accuracy", rewards[1].RunName);
        Assert.Equal(["accuracy"], rewards[1].Adjust!(c).Rewards);

        var betas = GrpoAblations.Betas([0.04, 0, 0.1]);
        Assert.Equal(["grpo", "ablation-beta-0", "ablation-beta-0.1"], betas.Select(v => v.RunName));
        Assert.Equal(["β 0.04", "β 0", "β 0.1"], betas.Select(v => v.Label));
        Assert.Equal(0.1, betas[2].Adjust!(c).Beta);

        var gs = GrpoAblations.Generations([4, 8], reference: 4);
        Assert.Equal(["grpo", "ablation-g-8"], gs.Select(v => v.RunName));
        Assert.Equal(8, gs[1].Adjust!(c).NumGenerations);

        var losses = GrpoAblations.Losses([LossAggregation.Grpo, LossAggregation.Bnpo, LossAggregation.DrGrpo, LossAggregation.TokenMean]);
        Assert.Equal(["grpo", "ablation-loss-bnpo", "ablation-loss-dr_grpo", "ablation-loss-dapo"], losses.Select(v => v.RunName));
        Assert.Equal(LossAggregation.TokenMean, losses[3].Adjust!(c).LossType);

        var modalities = GrpoAblations.Modalities([PromptModality.VideoAudio, PromptModality.Video, PromptModality.Audio]);
        Assert.Equal(["grpo", "ablation-modality-video", "ablation-modality-audio"], modalities.Select(v => v.RunName));
        Assert.Equal([PromptModality.VideoAudio, PromptModality.Video, PromptModality.Audio], modalities.Select(v => v.Modality));
        Assert.Equal(PromptModality.Audio, modalities[2].Adjust!(c).Modality);

        // Only the varied setting changes.
        var adjusted = betas[1].Adjust!(c);
        Assert.Equal(c with { Beta = 0 }, adjusted);
    }
}
