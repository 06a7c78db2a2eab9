using System.Diagnostics;
using R1Omni.Evaluation;
using R1Omni.Inference;
using R1Omni.Media;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using R1Omni.Runtime;

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
          --modality M           video_audio (default) | video | audio: which tokens the prompt carries
                                 (video_audio: "<video>\n<audio>\n" + instruct; video: "<video>\n" + instruct;
                                 audio: "<audio>\n" + instruct; each wrapped in <vi_start>/<au_start> markers)
          --max-new-tokens N     default 2048 (as mm_infer)
          --batch N              videos per batch for a folder (default 1, as the released evaluation)
          --out FILE             JSONL for a folder (default FOLDER/predictions.jsonl); an interrupted run resumes
          --dtype fp32|bf16      compute dtype (default bf16)      --device cpu|cuda
          --vision-tower DIR     override config.json's mm_vision_tower   --audio-tower DIR  override mm_audio_tower
          --bert DIR             bert-base-uncased folder (gate config/vocab; weights only if the checkpoint lacks them)
          --chat-template K      qwen2.5 | qwen2-vl: bypass detection of the checkpoint's template
          --require-audio        a video without an audio stream is an error (default: 10 s of silence and a warning)
        """;

    public int Run(CommandArgs args)
    {
        string model = args.Required("model"), video = args.Required("video");
        string instruct = args.Get("instruction", R1OmniPrompts.DemoInstruct);
        var modality = args.Choice("modality", "video_audio", "video_audio", "video", "audio") switch
        {
            "video" => PromptModality.Video,
            "audio" => PromptModality.Audio,
            _ => PromptModality.VideoAudio,
        };
        int maxNew = args.GetInt("max-new-tokens", 2048), batch = args.GetInt("batch", 1);
        string? outPath = args.Optional("out");
        string dtypeName = args.Choice("dtype", "bf16", ComputeDtype.Names);
        var device = TorchRuntime.ParseDevice(args.Get("device", "cpu"));
        var options = new HumanOmniLoadOptions { VisionTower = args.Optional("vision-tower"), AudioTower = args.Optional("audio-tower"), BertFolder = args.Optional("bert") };
        ChatTemplateKind? template = args.Optional("chat-template") switch
        {
            null => null,
            "qwen2.5" => ChatTemplateKind.Qwen2_5,
            "qwen2-vl" => ChatTemplateKind.Qwen2VL,
            var other => throw new UsageException($"infer: --chat-template must be qwen2.5 or qwen2-vl, got '{other}'"),
        };
        var audioPolicy = args.Flag("require-audio") ? AudioPolicy.ErrorWhenMissing : AudioPolicy.SubstituteSilence;
        args.EnsureAllUsed();
        if (batch < 1) throw new UsageException("infer: --batch must be at least 1");
        bool folder = Directory.Exists(video);
        if (!folder && !File.Exists(video)) throw new R1OmniException($"--video: '{video}' is neither a file nor a folder");

        var clock = Stopwatch.StartNew();
        using var session = HumanOmniInference.Load(model, ComputeDtype.Parse(dtypeName, device), device, options, template, audioPolicy);
        args.Error.WriteLine($"[infer] loaded {model} ({dtypeName}, {session.Template.Kind} template) in {clock.Elapsed.TotalSeconds:F1} s");
        var generation = session.DefaultOptions(maxNew);
        return folder ? RunFolder(args, session, video, outPath ?? Path.Combine(video, "predictions.jsonl"), instruct, modality, generation, batch)
                      : RunOne(args, session, video, instruct, modality, generation);
    }

    static int RunOne(CommandArgs args, HumanOmniInference session, string path, string instruct, PromptModality modality, Generation.GenerationOptions generation)
    {
        using var clip = session.ClipLoader.Load(path, ImageFraming.Squash);
        WarnSubstitutedAudio(args, clip, modality);
        var result = session.Run([clip], instruct, modality, generation, (_, text) => args.Out.Write(text))[0];
        args.Out.WriteLine();
        args.Out.WriteLine($"answer: {result.Answer}");
        var t = result.Timings;
        args.Error.WriteLine($"[infer] media {clip.Timings.TotalSeconds:F2} s, vision {t.Vision:F2} s, gate {t.Gate:F2} s, audio {t.Audio:F2} s, " +
                                $"prefill {t.Prefill:F2} s, decode {t.Decode:F2} s ({result.Tokens.Length} tokens, {result.FinishReason})");
        return 0;
    }

    static int RunFolder(CommandArgs args, HumanOmniInference session, string folder, string outPath, string instruct, PromptModality modality,
                         Generation.GenerationOptions generation, int batchSize)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => VideoExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new R1OmniException($"--video: no video files ({string.Join(", ", VideoExtensions)}) under '{folder}'");
        using var store = PredictionStore.Open(outPath, args.Error);
        var pending = files.Where(f => !store.IsDone(Path.GetRelativePath(folder, f))).ToList();
        if (pending.Count < files.Count) args.Error.WriteLine($"[infer] resuming: {files.Count - pending.Count} of {files.Count} videos already in {outPath}");
        var meter = new ProgressMeter(files.Count, files.Count - pending.Count, args.Error);
        int substituted = 0;
        foreach (var chunk in pending.Chunk(batchSize))
        {
            var clock = Stopwatch.StartNew();
            var clips = chunk.Select(f => session.ClipLoader.Load(f, ImageFraming.Squash)).ToList();
            try
            {
                substituted += clips.Count(c => WarnSubstitutedAudio(args, c, modality));
                var results = session.Run(clips, instruct, modality, generation);
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
        args.Error.WriteLine($"[infer] wrote {outPath}" + (substituted > 0 ? $"; {substituted} video(s) had no usable audio (silence substituted)" : ""));
        return 0;
    }

    static bool WarnSubstitutedAudio(CommandArgs args, VideoClip clip, PromptModality modality)
    {
        if (!clip.Audio.Substituted || modality == PromptModality.Video) return false;
        args.Error.WriteLine($"[infer] warning: {clip.Media.Path}: {clip.Audio.SubstitutionReason}; using 10 s of silence as the reference does");
        return true;
    }
}
