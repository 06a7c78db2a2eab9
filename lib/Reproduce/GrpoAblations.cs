using System.Globalization;
using R1Omni.Data;
using R1Omni.Prompts;
using R1Omni.Training;
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
        reference ? new GrpoAblation(group, label, ReferenceRun, null) : new GrpoAblation(group, label, $"{MiniatureRun.GrpoAblationPrefix}{group}-{value}", adjust);

    /// <summary>
    /// Trains the variant from <paramref name="from"/> (default: the cold start; the reference is the main GRPO stage)
    /// with <paramref name="common"/> applied to every variant (e.g. other training data), and evaluates it greedily on
    /// <paramref name="split"/> (or <paramref name="evalManifest"/>, which the split then names) in its modality.
    /// Ablation runs save one checkpoint, at the end.
    /// </summary>
    public static GrpoAblationResult Run(MiniatureRun run, GrpoAblation variant, string split = "test_id", string? from = null,
                                         Func<GrpoConfig, GrpoConfig>? common = null, Manifest? evalManifest = null)
    {
        common ??= c => c;
        string checkpoint = variant.Adjust is { } adjust
            ? run.TrainGrpo(variant.RunName, c =>
            {
                var v = common(adjust(c));
                return v with { SaveSteps = v.MaxSteps };
            }, from)
            : run.TrainGrpo(ReferenceRun, common, from);
        var metrics = run.Evaluate(variant.RunName, checkpoint, split, variant.Modality, evalManifest);
        return new GrpoAblationResult(variant, checkpoint, Path.Combine(run.RunDir(variant.RunName), MetricsLogger.FileName), metrics);
    }

    /// <summary><see cref="Run"/> for each variant in order, training and evaluating each distinct run once (the
    /// reference appears in every group); progress lines go to <paramref name="progress"/>.</summary>
    public static IReadOnlyList<GrpoAblationResult> RunAll(MiniatureRun run, IEnumerable<GrpoAblation> variants, TextWriter progress, string split = "test_id",
                                                           string? from = null, Func<GrpoConfig, GrpoConfig>? common = null, Manifest? evalManifest = null)
    {
        var done = new Dictionary<string, GrpoAblationResult>(StringComparer.Ordinal);
        var results = new List<GrpoAblationResult>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var v in variants)
        {
            if (!done.TryGetValue(v.RunName, out var result))
            {
                double start = clock.Elapsed.TotalSeconds;
                done[v.RunName] = result = Run(run, v, split, from, common, evalManifest);
                progress.WriteLine($"{v.RunName}: WAR {result.Evaluation.War:F1}, UAR {result.Evaluation.Uar:F1} ({clock.Elapsed.TotalSeconds - start:F0} s)");
            }
            results.Add(result with { Variant = v });
        }
        return results;
    }
}
