using System.Diagnostics;
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
          --out FILE             JSONL for a folder (default FOLDER/predictions.jsonl); an interrupted run resumes
        """ + "\n" + InferenceArgs.Help;

    public int Run(CommandArgs args)
    {
        var inference = InferenceArgs.Parse(args, R1OmniPrompts.DemoInstruct);
        string video = args.Required("video");
        int batch = args.GetInt("batch", 1);
        string? outPath = args.Optional("out");
        args.EnsureAllUsed();
        if (batch < 1) throw new UsageException("infer: --batch must be at least 1");
        bool folder = Directory.Exists(video);
        if (!folder && !File.Exists(video)) throw new R1OmniException($"--video: '{video}' is neither a file nor a folder");

        using var session = inference.Load(args.Error);
        return folder ? RunFolder(args, inference, session, video, outPath ?? Path.Combine(video, "predictions.jsonl"), batch)
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

    static int RunFolder(CommandArgs args, InferenceArgs inference, HumanOmniInference session, string folder, string outPath, int batchSize)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => VideoExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new R1OmniException($"--video: no video files ({string.Join(", ", VideoExtensions)}) under '{folder}'");
        using var store = PredictionStore.Open(outPath, args.Error);
        var pending = files.Where(f => !store.IsDone(Path.GetRelativePath(folder, f))).ToList();
        if (pending.Count < files.Count) args.Error.WriteLine($"[infer] resuming: {files.Count - pending.Count} of {files.Count} videos already in {outPath}");
        var meter = new ProgressMeter(files.Count, files.Count - pending.Count, args.Error);
        var generation = session.DefaultOptions(inference.MaxNewTokens);
        foreach (var chunk in pending.Chunk(batchSize))
        {
            var clock = Stopwatch.StartNew();
            var clips = chunk.Select(f => inference.LoadClip(session, f, args.Error)).ToList();
            try
            {
                var results = session.Run(clips, inference.Instruct, inference.Modality, generation);
                double seconds = clock.Elapsed.TotalSeconds;
                for (int i = 0; i < chunk.Length; i++)
                    store.Append(new PredictionRecord
                    {
                        Id = Path.GetRelativePath(folder, chunk[i]), Video = Path.GetFullPath(chunk[i]), Source = "infer",
                        Response = results[i].Response, Answer = results[i].Answer, Seconds = seconds / chunk.Length, BatchSeconds = seconds,
                        BatchSize = chunk.Length, FinishedAt = DateTime.UtcNow.ToString("O"),
                    });
            }
            finally
            {
                foreach (var c in clips) c.Dispose();
            }
            meter.Advance(chunk.Length);
        }
        args.Error.WriteLine($"[infer] wrote {outPath}");
        return 0;
    }
}
