using System.Globalization;
using R1Omni.Prompts;
using R1Omni.Training.Grpo;

namespace R1Omni.Reproduce;

/// <summary>
/// The GRPO ablations of the miniature: each list varies one setting of R1-Omni's GRPO stage (rewards, β, G, loss
/// aggregation, modality in training) and keeps the rest; the value R1-Omni uses maps to the main <c>runs/grpo</c>
/// stage, the others to <c>runs/ablation-GROUP-VALUE</c>. <see cref="Run"/> trains a variant from the cold start at the
/// preset's sizes (resumable, a finished run returns at once) and evaluates it.
/// </summary>
public static class GrpoAblations
{
    public const string ReferenceRun = "grpo";

    public static IReadOnlyList<GrpoAblation> Rewards(IEnumerable<IReadOnlyList<string>> sets) => sets.Select(set =>
    {
        string label = string.Join("+", set);
        var rewards = set.ToArray();
        return Variant("rewards", label, label, set.SequenceEqual(RewardFunctions.Default), c => c with { Rewards = rewards });
    }).ToList();

    public static IReadOnlyList<GrpoAblation> Betas(IEnumerable<double> betas) => betas.Select(beta =>
    {
        string value = beta.ToString(CultureInfo.InvariantCulture);
        return Variant("beta", $"β {value}", value, beta == GrpoConfig.Defaults.Beta, c => c with { Beta = beta });
    }).ToList();

    /// <param name="reference">The G of the reference run (the preset's).</param>
    public static IReadOnlyList<GrpoAblation> Generations(IEnumerable<int> values, int reference) =>
        values.Select(g => Variant("g", $"G {g}", g.ToString(CultureInfo.InvariantCulture), g == reference, c => c with { NumGenerations = g })).ToList();

    public static IReadOnlyList<GrpoAblation> Losses(IEnumerable<LossAggregation> losses) => losses.Select(loss =>
    {
        string name = LossName(loss);
        return Variant("loss", name, name, loss == GrpoConfig.Defaults.LossType, c => c with { LossType = loss });
    }).ToList();

    /// <summary>GRPO trained (and evaluated) on one modality's prompts, from the same cold start.</summary>
    public static IReadOnlyList<GrpoAblation> Modalities(IEnumerable<PromptModality> modalities) => modalities.Select(m =>
    {
        string name = ModalityName(m);
        return Variant("modality", name, name, m == PromptModality.VideoAudio, c => c with { Modality = m }) with { Modality = m };
    }).ToList();

    /// <summary>"grpo", "bnpo", "dr_grpo", "dapo" (the token mean over the step).</summary>
    public static string LossName(LossAggregation loss) => loss switch
    {
        LossAggregation.Grpo => "grpo",
        LossAggregation.Bnpo => "bnpo",
        LossAggregation.DrGrpo => "dr_grpo",
        LossAggregation.TokenMean => "dapo",
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "unknown loss aggregation"),
    };

    /// <summary>"video_audio", "video", "audio" (the config file's spelling).</summary>
    public static string ModalityName(PromptModality modality) => modality switch
    {
        PromptModality.VideoAudio => "video_audio",
        PromptModality.Video => "video",
        PromptModality.Audio => "audio",
        _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, "unknown prompt modality"),
    };

    static GrpoAblation Variant(string group, string label, string value, bool reference, Func<GrpoConfig, GrpoConfig> adjust) =>
        reference ? new GrpoAblation(group, label, ReferenceRun, null) : new GrpoAblation(group, label, $"ablation-{group}-{value}", adjust);

    /// <summary>
    /// Trains the variant (the reference is the main GRPO stage) and evaluates it greedily on <paramref name="split"/> in
    /// its modality. Ablation runs save one checkpoint, at the end.
    /// </summary>
    public static GrpoAblationResult Run(MiniatureRun run, GrpoAblation variant, string split = "test_id")
    {
        string checkpoint = variant.Adjust is { } adjust
            ? run.Grpo(variant.RunName, c => adjust(c) with { SaveSteps = c.MaxSteps })
            : run.Grpo();
        var metrics = run.Evaluate(variant.RunName, checkpoint, split, variant.Modality);
        return new GrpoAblationResult(variant, checkpoint, Path.Combine(run.RunDir(variant.RunName), Training.MetricsLogger.FileName), metrics);
    }
}
