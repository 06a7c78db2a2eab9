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
        """ + "\n" + InferenceArgs.Help;

    public int Run(CommandArgs args)
    {
        var inference = InferenceArgs.Parse(args, R1OmniPrompts.DemoInstruct);
        string video = args.Required("video");
        int batch = args.GetInt("batch", 1);
        string? outPath = args.Optional("out");
        bool restart = args.Flag("restart");
        int maxErrors = args.GetInt("max-errors", 10);
        args.EnsureAllUsed();
        if (batch < 1) throw new UsageException("infer: --batch must be at least 1");
        bool folder = Directory.Exists(video);
        if (!folder && !File.Exists(video)) throw new R1OmniException($"--video: '{video}' is neither a file nor a folder");

        using var session = inference.Load(args.Error);
        return folder ? RunFolder(args, inference, session, video, outPath ?? Path.Combine(video, "predictions.jsonl"), batch, restart, maxErrors)
                      : RunOne(args, inference, session, video);
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
                         bool restart, int maxErrors)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => VideoExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new R1OmniException($"--video: no video files ({string.Join(", ", VideoExtensions)}) under '{folder}'");
        var items = files.Select(f => new ManifestItem { Id = Path.GetRelativePath(folder, f), Video = Path.GetFullPath(f), Source = "infer" }).ToList();
        var generation = session.DefaultOptions(inference.MaxNewTokens);
        var fingerprint = ManifestEvaluation.Fingerprint(session, new Manifest(Path.GetFullPath(folder), null, items), inference.Instruct, inference.Modality, generation);
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
