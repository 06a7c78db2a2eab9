using System.Diagnostics;
using System.Text.Json;
using R1Omni.Cli;
using R1Omni.Generation;
using R1Omni.Media;
using R1Omni.Models.HumanOmni;
using R1Omni.Presets;
using R1Omni.Prompts;
using R1Omni.Runtime;
using R1Omni.Tokenizers;
using static TorchSharp.torch;

namespace R1Omni.Bench;

/// <summary>
/// `bench latency`: one video through HumanOmni-0.5B's real shapes (random weights): media decoding, SigLIP, BERT and
/// gate, both projectors, the Whisper-large-v3 encoder, LLM prefill and 64 greedy tokens. The pipeline runs twice;
/// the second (warm) run is reported.
/// </summary>
public sealed class LatencyBenchmark : IBenchmark
{
    public string Name => "latency";
    public string Summary => "per-video latency by stage at HumanOmni-0.5B shapes (random weights)";
    public string Usage => """
        usage: environment/r1omni bench latency [--dtype bf16|fp32] [--new 64] [--seed 0]
          Makes a 3 s 640×480 clip with ffmpeg (h264 + aac), then times each stage for the video+audio prompt.
        """;

    public int Run(CommandArgs args)
    {
        string dtypeName = args.Choice("dtype", "bf16", ComputeDtype.Names);
        int newTokens = args.GetInt("new", 64), seed = args.GetInt("seed", 0);
        args.EnsureAllUsed();
        TorchRuntime.EnsureLoaded();
        var dtype = ComputeDtype.Parse(dtypeName, CPU);
        args.Out.WriteLine($"threads {get_num_threads()}, dtype {dtypeName}, {newTokens} new tokens; building the 0.5B-shaped model…");
        using var model = HumanOmniPresetWriter.Build(HumanOmniPreset.RealShapes(), seed, dtype);
        var tokenizer = Qwen2Tokenizer.Load(Path.Combine(AppPaths.DataDir, "tokenizers", "qwen2"));
        var bertTokenizer = BertTokenizer.Load(Path.Combine(AppPaths.DataDir, "tokenizers", "bert-base-uncased"));
        string video = MakeClip();
        var loader = new VideoClipLoader(new ImagePreprocessor(), new WhisperFeatureExtractor(featureSize: 128));
        string prompt = R1OmniPrompts.InferencePrompt(ChatTemplate.For(ChatTemplateKind.Qwen2VL), R1OmniPrompts.DemoInstruct);
        long[] ids = MultimodalTokenizer.Tokenize(prompt, tokenizer).Select(i => (long)i).ToArray();
        var options = new GenerationOptions { MaxNewTokens = newTokens, MinNewTokens = newTokens, PadTokenId = tokenizer.EndOfTextId };

        Dictionary<string, double> stages = [];
        for (int run = 0; run < 2; run++) stages = RunOnce(model, loader, video, ids, bertTokenizer, options);
        var figures = stages.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 3));
        figures["total_s"] = Math.Round(stages.Values.Sum(), 3);
        foreach (var (k, v) in figures) args.Out.WriteLine($"{k,-14} {v,8:F3} s");
        args.Out.WriteLine($"peak memory    {MachineProbe.PeakResidentMiB():F0} MiB");
        args.Out.WriteLine(JsonSerializer.Serialize(figures));
        File.Delete(video);
        return 0;
    }

    static Dictionary<string, double> RunOnce(HumanOmniQwen2ForCausalLM model, VideoClipLoader loader, string video, long[] ids,
                                              BertTokenizer bertTokenizer, GenerationOptions options)
    {
        var stages = new Dictionary<string, double>();
        var sw = Stopwatch.StartNew();
        double Lap() { double s = sw.Elapsed.TotalSeconds; sw.Restart(); return s; }
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        using var clip = loader.Load(video, ImageFraming.Squash);
        stages["media_s"] = Lap();
        var features = model.VisionFeatures(clip.PixelValues);
        stages["siglip_s"] = Lap();
        var (bertIds, bertMask) = bertTokenizer.EncodeBatch([R1OmniPrompts.DemoInstruct]).ToTensors();
        var probs = model.Gate.Probabilities(model.BertCls(bertIds, bertMask));
        stages["bert_s"] = Lap();
        var encoder = model.AudioEncoderStates(clip.InputFeatures.unsqueeze(0));
        stages["whisper_s"] = Lap();
        var visual = model.VisualTokens(features.unsqueeze(0), probs)[0];
        var audio = model.AudioTokens(encoder)[0];
        stages["projector_s"] = Lap();
        using var batch = model.Splice([new SpliceSample(ids, visual, audio)], PaddingSide.Left);
        var result = GenerationEngine.GenerateFromEmbeddings(model, batch.InputsEmbeds, batch.AttentionMask, options);
        stages["prefill_s"] = result.PrefillSeconds;
        stages["decode_s"] = result.DecodeSeconds;
        return stages;
    }

    static string MakeClip()
    {
        string path = Path.Combine(Path.GetTempPath(), $"r1omni-latency-{Guid.NewGuid():N}.mp4");
        var psi = new ProcessStartInfo(FFmpegTools.Default.FFmpeg)
        {
            ArgumentList = { "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x480:rate=25:duration=3", "-f", "lavfi", "-i",
                             "sine=frequency=220:sample_rate=44100:duration=3", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path },
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? path : throw new R1OmniException($"ffmpeg could not make the benchmark clip: {err}");
    }
}
