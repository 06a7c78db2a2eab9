using System.Text.Json.Nodes;
using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Generation;
using R1Omni.Media;
using R1Omni.Prompts;

namespace R1Omni.Inference;

/// <summary>
/// A loaded checkpoint evaluated on a manifest as the released evaluation does it (spec §9.1): squashed frames, one
/// instruct, greedy decoding, batched and resumable, scored per source; plus the top-level <c>metrics.json</c>.
/// </summary>
public static class ManifestEvaluation
{
    public static EvaluationSummary Run(HumanOmniInference session, Manifest manifest, string outDir, string instruct, PromptModality modality,
                                        GenerationOptions generation, EvaluationOptions options, TextWriter log)
    {
        var summary = EvaluationRunner.Run(manifest, items =>
        {
            var clips = items.Select(i => LoadClip(session, i.Video, modality, log)).ToList();
            try { return session.Run(clips, instruct, modality, generation).Select(r => r.Response).ToList(); }
            finally { foreach (var c in clips) c.Dispose(); }
        }, outDir, options);
        WriteMetrics(summary, options.Modes[0], outDir);
        return summary;
    }

    /// <summary>Loads a clip for inference (the reference's evaluation squashes frames, spec §3.2), warning when its audio was substituted.</summary>
    public static VideoClip LoadClip(HumanOmniInference session, string path, PromptModality modality, TextWriter log)
    {
        var clip = session.ClipLoader.Load(path, ImageFraming.Squash);
        if (clip.Audio.Substituted && modality != PromptModality.Video)
            log.WriteLine($"warning: {clip.Media.Path}: {clip.Audio.SubstitutionReason}; using 10 s of silence as the reference does");
        return clip;
    }

    /// <summary>The primary mode's metrics: the single source's metrics.json, or one entry per source under "sources".</summary>
    public static void WriteMetrics(EvaluationSummary summary, AnswerMode mode, string outDir)
    {
        var primary = summary.Scores.Where(s => s.Mode == mode).ToList();
        if (primary.Count == 0) throw new R1OmniException($"{outDir}: no labelled items to score");
        JsonNode metrics = primary.Count == 1
            ? JsonNode.Parse(primary[0].Metrics.ToJson())!
            : new JsonObject { ["sources"] = new JsonObject(primary.Select(s => KeyValuePair.Create(s.Source, JsonNode.Parse(s.Metrics.ToJson())))) };
        File.WriteAllText(Path.Combine(outDir, "metrics.json"), metrics.ToJsonString(new() { WriteIndented = true }) + "\n");
    }
}
