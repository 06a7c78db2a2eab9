using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Inference;
using R1Omni.Prompts;

namespace R1Omni.Cli.Commands;

/// <summary>`r1omni infer`: a HumanOmni / R1-Omni checkpoint on one video (streamed) or a folder of videos (JSONL, resumable).</summary>
public sealed class InferCommand : ICommand
{
    static readonly string[] VideoExtensions = [".mp4", ".avi", ".mkv", ".mov", ".webm", ".flv", ".m4v"];

    public string Name => "infer";
    public string Summary => "run a HumanOmni/R1-Omni checkpoint on a video (streamed) or a folder of videos (JSONL)";
    public string Usage => """
        usage: environment/r1omni infer --model DIR --video FILE|FOLDER [options]
          --instruction TEXT     the instruct (default: R1-Omni's README demo question with think/answer tags)
          --batch N              videos per batch for a folder (default 1, as the released evaluation)
          --out FILE             JSONL for a folder (default FOLDER/predictions.jsonl); an interrupted run resumes.
                                 Beside it, fingerprint.json (or NAME.fingerprint.json) records what made it; resuming
                                 with another checkpoint, instruct, modality, dtype or generation setting is refused
          --restart              discard the stored JSONL of a folder and start over
          --max-errors N         videos that cannot be decoded are recorded with "error"; more than N (default 10) stop
          --shard K/N            a folder: run only shard K of N of its videos (by a hash of their path in the folder)
                                 into shard-K-of-N/ beside the JSONL
        usage: environment/r1omni infer --video FOLDER --merge N [--out FILE] [--restart]
          --merge N              join the N shards' JSONL files into FILE, in the order of an unsharded run; a missing or
                                 incomplete shard, or shards made under different fingerprints, are named errors
        """ + "\n" + InferenceArgs.Help;

    public int Run(CommandArgs args)
    {
        if (args.Has("merge")) return Merge(args);
        var inference = InferenceArgs.Parse(args, R1OmniPrompts.DemoInstruct);
        string video = args.Required("video");
        int batch = args.GetInt("batch", 1);
        string? outPath = args.Optional("out");
        bool restart = args.Flag("restart");
        int maxErrors = args.GetInt("max-errors", 10);
        var shard = args.Optional("shard") is { } text ? Shard.Parse(text) : null;
        args.EnsureAllUsed();
        if (batch < 1) throw new UsageException("infer: --batch must be at least 1");
        bool folder = Directory.Exists(video);
        if (!folder && !File.Exists(video)) throw new R1OmniException($"--video: '{video}' is neither a file nor a folder");
        if (!folder && (shard is not null || restart)) throw new UsageException("infer: --shard and --restart apply to a folder of videos");

        using var session = inference.Load(args.Error);
        return folder ? RunFolder(args, inference, session, video, outPath ?? DefaultOut(video), batch, restart, maxErrors, shard)
                      : RunOne(args, inference, session, video);
    }

    static string DefaultOut(string folder) => Path.Combine(folder, EvaluationRunner.PredictionsFile);

    static List<ManifestItem> FolderItems(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => VideoExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new R1OmniException($"--video: no video files ({string.Join(", ", VideoExtensions)}) under '{folder}'");
        return files.Select(f => new ManifestItem { Id = Path.GetRelativePath(folder, f), Video = Path.GetFullPath(f), Source = "infer" }).ToList();
    }

    /// <summary>The shards' JSONL files joined into one, through the same writer (order, fingerprint, errors kept).</summary>
    static int Merge(CommandArgs args)
    {
        int shards = args.GetInt("merge", 0);
        string folder = args.Required("video");
        string outPath = args.Optional("out") ?? DefaultOut(folder);
        bool restart = args.Flag("restart");
        args.EnsureAllUsed();
        if (shards < 1) throw new UsageException("infer: --merge N needs the number of shards, at least 1");
        if (!Directory.Exists(folder)) throw new R1OmniException($"--video: '{folder}' is not a folder (only a folder's inference is sharded)");
        var items = FolderItems(folder);
        var merge = ShardMerge.Read(Path.GetDirectoryName(Path.GetFullPath(outPath))!, shards, Path.GetFileName(outPath));
        var fingerprint = new Dictionary<string, string>(merge.Fingerprint, StringComparer.Ordinal) { [PredictionWriter.ManifestKey] = $"{Path.GetFullPath(folder)}: {items.Count} items" };
        using var writer = PredictionWriter.Open(outPath, fingerprint, restart, args.Error, "inference");
        var pending = items.Where(i => !writer.Store.IsDone(i.Id)).ToList();
        writer.Generate(pending, merge.Responses, Math.Max(1, pending.Count), int.MaxValue, new ProgressMeter(items.Count, items.Count - pending.Count, args.Error, "[infer]"));
        args.Error.WriteLine($"[infer] merged {shards} shards into {outPath}");
        return 0;
    }

    static int RunOne(CommandArgs args, InferenceArgs inference, HumanOmniInference session, string path)
    {
        using var clip = inference.LoadClip(session, path, args.Error);
        var result = session.Run([clip], inference.Instruct, inference.Modality, session.DefaultOptions(inference.MaxNewTokens), (_, text) => args.Out.Write(text))[0];
        args.Out.WriteLine();
        args.Out.WriteLine($"answer: {result.Answer}");
        var t = result.Timings;
        args.Error.WriteLine($"[infer] media {clip.Timings.TotalSeconds:F2} s, vision {t.Vision:F2} s, gate {t.Gate:F2} s, audio {t.Audio:F2} s, " +
                             $"prefill {t.Prefill:F2} s, decode {t.Decode:F2} s ({result.Tokens.Length} tokens, {result.FinishReason})");
        return 0;
    }

    /// <summary>
    /// A folder of videos through the evaluation's writer: resumable, one writer, a fingerprint of the checkpoint and
    /// settings beside the JSONL (refused on resume when another made it), unreadable videos recorded as errors.
    /// </summary>
    static int RunFolder(CommandArgs args, InferenceArgs inference, HumanOmniInference session, string folder, string outPath, int batchSize,
                         bool restart, int maxErrors, Shard? shard)
    {
        var items = FolderItems(folder);
        if (shard is not null)
        {
            items = items.Where(shard.Contains).ToList();
            outPath = Path.Combine(shard.Folder(Path.GetDirectoryName(Path.GetFullPath(outPath))!), Path.GetFileName(outPath));
        }
        var generation = session.DefaultOptions(inference.MaxNewTokens);
        var fingerprint = new Dictionary<string, string>(ManifestEvaluation.Fingerprint(session, new Manifest(Path.GetFullPath(folder), null, items),
                                                                                         inference.Instruct, inference.Modality, generation), StringComparer.Ordinal);
        if (shard is not null) fingerprint[Shard.FingerprintKey] = shard.ToString();
        using var writer = PredictionWriter.Open(outPath, fingerprint, restart, args.Error, "inference");
        var pending = items.Where(i => !writer.Store.IsDone(i.Id)).ToList();
        if (pending.Count < items.Count) args.Error.WriteLine($"[infer] resuming: {items.Count - pending.Count} of {items.Count} videos already in {outPath}");
        writer.Generate(pending, ManifestEvaluation.Responses(session, inference.Instruct, inference.Modality, generation, args.Error), batchSize, maxErrors,
                        new ProgressMeter(items.Count, items.Count - pending.Count, args.Error, "[infer]"));
        int errors = writer.Store.ErrorCount;
        args.Error.WriteLine($"[infer] wrote {outPath}" + (errors > 0 ? $" ({errors} videos could not be run; see \"error\" there)" : ""));
        return 0;
    }
}
