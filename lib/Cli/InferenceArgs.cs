using R1Omni.Inference;
using R1Omni.Media;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using R1Omni.Runtime;

namespace R1Omni.Cli;

/// <summary>The options `infer` and `evaluate` share: how to load the checkpoint and what to ask it.</summary>
public sealed record InferenceArgs(string Model, string Instruct, PromptModality Modality, int MaxNewTokens, string DtypeName,
                                   TorchSharp.torch.Device Device, HumanOmniLoadOptions LoadOptions, ChatTemplateKind? Template, AudioPolicy AudioPolicy)
{
    public const string Help = """
          --modality M           video_audio (default) | video | audio: which tokens the prompt carries
                                 (video_audio: "<video>\n<audio>\n" + instruct; video: "<video>\n" + instruct;
                                 audio: "<audio>\n" + instruct; each wrapped in <vi_start>/<au_start> markers)
          --max-new-tokens N     default 2048 (as mm_infer)
          --dtype fp32|bf16      compute dtype (default bf16)      --device cpu|cuda
          --vision-tower DIR     override config.json's mm_vision_tower   --audio-tower DIR  override mm_audio_tower
          --bert DIR             bert-base-uncased folder (gate config/vocab; weights only if the checkpoint lacks them)
          --chat-template K      qwen2.5 | qwen2-vl: bypass detection of the checkpoint's template
          --require-audio        a video without an audio stream is an error (default: 10 s of silence and a warning)
        """;

    public static InferenceArgs Parse(CommandArgs args, string defaultInstruct)
    {
        string model = args.Required("model");
        string instruct = args.Get("instruction", defaultInstruct);
        var modality = args.Choice("modality", "video_audio", "video_audio", "video", "audio") switch
        {
            "video" => PromptModality.Video,
            "audio" => PromptModality.Audio,
            _ => PromptModality.VideoAudio,
        };
        int maxNew = args.GetInt("max-new-tokens", 2048);
        if (maxNew < 1) throw new UsageException($"{args.Command}: --max-new-tokens must be at least 1");
        string dtypeName = args.Choice("dtype", "bf16", ComputeDtype.Names);
        var device = TorchRuntime.ParseDevice(args.Get("device", "cpu"));
        var load = new HumanOmniLoadOptions { VisionTower = args.Optional("vision-tower"), AudioTower = args.Optional("audio-tower"), BertFolder = args.Optional("bert") };
        ChatTemplateKind? template = args.Optional("chat-template") switch
        {
            null => null,
            "qwen2.5" => ChatTemplateKind.Qwen2_5,
            "qwen2-vl" => ChatTemplateKind.Qwen2VL,
            var other => throw new UsageException($"{args.Command}: --chat-template must be qwen2.5 or qwen2-vl, got '{other}'"),
        };
        var audio = args.Flag("require-audio") ? AudioPolicy.ErrorWhenMissing : AudioPolicy.SubstituteSilence;
        return new InferenceArgs(model, instruct, modality, maxNew, dtypeName, device, load, template, audio);
    }

    public HumanOmniInference Load(TextWriter log)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var session = HumanOmniInference.Load(Model, ComputeDtype.Parse(DtypeName, Device), Device, LoadOptions, Template, AudioPolicy);
        log.WriteLine($"[load] {Model} ({DtypeName}, {session.Bundle.Template.Kind} template) in {clock.Elapsed.TotalSeconds:F1} s");
        return session;
    }

    /// <summary>Loads a clip for inference, warning when its audio was substituted.</summary>
    public VideoClip LoadClip(HumanOmniInference session, string path, TextWriter log) => session.LoadClip(path, Modality, log);
}
