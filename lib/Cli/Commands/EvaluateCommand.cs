using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Inference;
using R1Omni.Prompts;

namespace R1Omni.Cli.Commands;

/// <summary>
/// `r1omni evaluate`: a checkpoint on a manifest as the released evaluation runs it (<c>eval_mafw_dfew.py</c>: eval
/// instruct, greedy, squashed frames), batched and resumable; writes predictions.jsonl, metrics.json and
/// per-source/per-mode details.
/// </summary>
public sealed class EvaluateCommand : ICommand
{
    public string Name => "evaluate";
    public string Summary => "evaluate a checkpoint on a manifest: predictions.jsonl, metrics.json (WAR/UAR), confusion";
    public string Usage => """
        usage: environment/r1omni evaluate --model DIR --manifest FILE --out DIR [options]
          Writes OUT/predictions.jsonl (resumed when present), OUT/fingerprint.json (what made them), OUT/metrics.json (answer mode: war, uar in percent,
          per_class_recall, confusion, labels; with several sources, one entry per source under "sources"),
          OUT/summary.csv and OUT/{source}/{mode}/{metrics.json, per_class.csv, confusion.csv}.
          --root DIR             resolve relative video paths of the manifest against DIR
          --instruction TEXT     the instruct (default: the question of eval_mafw_dfew.py and eval_ravedess.py)
          --batch N              videos per batch (default 1, as released; larger batches left-pad and give the same answers)
          --restart              discard OUT's stored predictions and start over. Without it, predictions that OUT's
                                 fingerprint.json says another checkpoint, template, instruct, modality, dtype or generation
                                 setting made are refused, not resumed
          --max-errors N         items whose clip cannot be decoded are recorded in predictions.jsonl with "error", left
                                 out of WAR/UAR and counted per source ("errors" in metrics.json and summary.csv); more
                                 than N of them (default 10) stop the run. A rerun tries them again
          --shard K/N            evaluate only shard K of N (1 ≤ K ≤ N; items partitioned by a hash of their id, stable
                                 when items are added) into OUT/shard-K-of-N/, resumable like any evaluation
        usage: environment/r1omni evaluate --merge N --manifest FILE --out DIR [--root DIR] [--restart] [scoring options]
          --merge N              merge OUT/shard-1-of-N … OUT/shard-N-of-N into OUT: the files an unsharded run writes.
                                 A missing or incomplete shard, or shards made under different fingerprints, are named errors
        """ + "\n" + InferenceArgs.Help + ScoringArgs.Help;

    public int Run(CommandArgs args)
    {
        if (args.Has("merge")) return Merge(args);
        var inference = InferenceArgs.Parse(args, R1OmniPrompts.EvalInstruct);
        string manifestPath = args.Required("manifest"), outDir = args.Required("out");
        string? root = args.Optional("root");
        int batch = args.GetInt("batch", 1);
        bool restart = args.Flag("restart");
        int maxErrors = args.GetInt("max-errors", 10);
        var shard = args.Optional("shard") is { } text ? Shard.Parse(text) : null;
        var scoring = ScoringArgs.Parse(args);
        args.EnsureAllUsed();
        if (batch < 1) throw new UsageException("evaluate: --batch must be at least 1");
        if (maxErrors < 0) throw new UsageException("evaluate: --max-errors must be at least 0");
        var manifest = ManifestJsonl.Read(manifestPath, root);

        using var session = inference.Load(args.Error);
        var options = scoring.Options(manifest.Items.Select(i => i.Source), args.Error) with { BatchSize = batch, Restart = restart, MaxErrors = maxErrors };
        var summary = ManifestEvaluation.Run(session, manifest, outDir, inference.Instruct, inference.Modality,
                                             session.DefaultOptions(inference.MaxNewTokens), options, args.Error, shard);
        Report(args, summary, scoring, shard?.Folder(outDir) ?? outDir);
        return 0;
    }

    static int Merge(CommandArgs args)
    {
        int shards = args.GetInt("merge", 0);
        string manifestPath = args.Required("manifest"), outDir = args.Required("out");
        string? root = args.Optional("root");
        bool restart = args.Flag("restart");
        var scoring = ScoringArgs.Parse(args);
        args.EnsureAllUsed();
        if (shards < 1) throw new UsageException("evaluate: --merge N needs the number of shards, at least 1");
        var manifest = ManifestJsonl.Read(manifestPath, root);
        var options = scoring.Options(manifest.Items.Select(i => i.Source), args.Error) with { Restart = restart };
        Report(args, ManifestEvaluation.Merge(manifest, outDir, shards, options), scoring, outDir);
        return 0;
    }

    static void Report(CommandArgs args, EvaluationSummary summary, ScoringArgs scoring, string outDir)
    {
        var primary = summary.Scores.Where(s => s.Mode == scoring.Modes[0]).ToList();
        foreach (var s in primary)
            args.Out.WriteLine($"{s.Source}: WAR {s.Metrics.War:F2}  UAR {s.Metrics.Uar:F2}  ({s.Metrics.N} items, {AnswerExtraction.Name(s.Mode)} mode" +
                               (s.Errors > 0 ? $"; {s.Errors} items not run, see \"error\" in predictions.jsonl)" : ")"));
        args.Out.WriteLine($"wrote {outDir}");
    }
}
