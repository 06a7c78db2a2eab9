using System.Globalization;
using System.Text.Json.Nodes;
using R1Omni.Checkpoints;
using R1Omni.Data;
using R1Omni.Generation;
using R1Omni.Inference;
using R1Omni.Media;
using R1Omni.Prompts;
using R1Omni.Runtime;

namespace R1Omni.Evaluation;

/// <summary>
/// A loaded checkpoint evaluated on a manifest as the released evaluation does it (<c>humanomni/eval/eval_mafw_dfew.py</c>): squashed frames, one
/// instruct, greedy decoding, batched and resumable, scored per source; plus the top-level <c>metrics.json</c>.
/// </summary>
public static class ManifestEvaluation
{
    /// <param name="shard">Evaluate only this shard's items, into <c>OUT/shard-K-of-N/</c> (see <see cref="Merge"/>).</param>
    public static EvaluationSummary Run(HumanOmniInference session, Manifest manifest, string outDir, string instruct, PromptModality modality,
                                        GenerationOptions generation, EvaluationOptions options, TextWriter log, Shard? shard = null)
    {
        if (shard is not null) (manifest, outDir) = (shard.Of(manifest), shard.Folder(outDir));
        var fingerprint = new Dictionary<string, string>(Fingerprint(session, manifest, instruct, modality, generation), StringComparer.Ordinal);
        if (shard is not null) fingerprint[Shard.FingerprintKey] = shard.ToString();
        options = options with { Fingerprint = fingerprint };
        var summary = EvaluationRunner.Run(manifest, Responses(session, instruct, modality, generation, log), outDir, options);
        // A shard may draw no labelled item (a small manifest, many shards): it is complete, with nothing to score.
        if (shard is not null && summary.Scores.Count == 0) log.WriteLine($"[eval] shard {shard}: no labelled items to score; nothing but its predictions written");
        else WriteMetrics(summary, options.Modes[0], outDir);
        return summary;
    }

    /// <summary>
    /// Merges the <paramref name="shards"/> shards under <paramref name="outDir"/> into what an unsharded evaluation
    /// writes there: predictions.jsonl (in manifest order; timings are the merge's, each shard folder keeps its own),
    /// fingerprint.json, metrics.json and the CSVs. Every shard must be complete and made under one fingerprint.
    /// </summary>
    public static EvaluationSummary Merge(Manifest manifest, string outDir, int shards, EvaluationOptions options)
    {
        var merge = ShardMerge.Read(outDir, shards);
        var fingerprint = new Dictionary<string, string>(merge.Fingerprint, StringComparer.Ordinal)
        {
            [PredictionWriter.ManifestKey] = $"{manifest.Name}: {manifest.Count} items",
        };
        // One call for every item, so an incomplete shard is found before anything is written; the shards applied the error limit.
        options = options with { Fingerprint = fingerprint, BatchSize = Math.Max(1, manifest.Count), MaxErrors = int.MaxValue };
        var summary = EvaluationRunner.Run(manifest, merge.Responses, outDir, options);
        WriteMetrics(summary, options.Modes[0], outDir);
        return summary;
    }

    /// <summary>
    /// The response function of a session: decodes each item's clip (one that cannot be decoded is an
    /// <see cref="UnusableItemException"/>: recorded, and the batch run without it), then generates the batch.
    /// </summary>
    public static Func<IReadOnlyList<ManifestItem>, IReadOnlyList<string>> Responses(HumanOmniInference session, string instruct, PromptModality modality,
                                                                                   GenerationOptions generation, TextWriter log) => items =>
    {
        var clips = new List<VideoClip>();
        try
        {
            foreach (var item in items)
            {
                try { clips.Add(session.LoadClip(item.Video, modality, log)); }
                catch (Exception e) when (e is R1OmniException or IOException) { throw new UnusableItemException(item, e.Message, e); }
            }
            return session.Run(clips, instruct, modality, generation).Select(r => r.Response).ToList();
        }
        finally { foreach (var c in clips) c.Dispose(); }
    };

    /// <summary>
    /// What determines a response: the checkpoint's identity (<see cref="CheckpointIdentity"/>), chat template, instruct,
    /// modality, compute dtype and greedy/sampling settings; the manifest is recorded beside them.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Fingerprint(HumanOmniInference session, Manifest manifest, string instruct,
                                                                 PromptModality modality, GenerationOptions generation)
    {
        var bundle = session.Bundle;
        string I(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["checkpoint"] = bundle.Folder is { } folder ? CheckpointIdentity.Of(folder) : "(not loaded from a folder)",
            ["chat_template"] = bundle.Template.Kind.ToString(),
            ["instruct"] = instruct,
            ["modality"] = modality.ToString(),
            ["dtype"] = session.Model.Dtype.ToString(),
            ["generation"] = $"max_new_tokens {generation.MaxNewTokens}, min_new_tokens {generation.MinNewTokens}, do_sample {generation.DoSample}, " +
                             $"temperature {I(generation.Temperature)}, top_k {generation.TopK}, top_p {I(generation.TopP)}, " +
                             $"repetition_penalty {I(generation.RepetitionPenalty)}, eos [{string.Join(", ", generation.EosTokenIds)}], seed {generation.Seed}",
            [PredictionWriter.ManifestKey] = $"{manifest.Name}: {manifest.Count} items",
        };
    }

    /// <summary>The primary mode's metrics: the single source's metrics.json, or one entry per source under "sources"; each
    /// with "errors", the source's items that could not be run (not in n).</summary>
    public static void WriteMetrics(EvaluationSummary summary, AnswerMode mode, string outDir)
    {
        var primary = summary.Scores.Where(s => s.Mode == mode).ToList();
        if (primary.Count == 0) throw new R1OmniException($"{outDir}: no labelled items to score");
        JsonNode Of(EvaluationScore s)
        {
            var node = JsonNode.Parse(s.Metrics.ToJson())!.AsObject();
            node["errors"] = s.Errors;
            return node;
        }
        JsonNode metrics = primary.Count == 1
            ? Of(primary[0])
            : new JsonObject { ["sources"] = new JsonObject(primary.Select(s => KeyValuePair.Create(s.Source, (JsonNode?)Of(s)))) };
        AtomicFile.WriteAllText(Path.Combine(outDir, "metrics.json"), metrics.ToJsonString(new() { WriteIndented = true }) + "\n");
    }
}
