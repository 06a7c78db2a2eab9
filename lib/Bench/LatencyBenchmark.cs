using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using R1Omni.Generation;
using R1Omni.Media;
using R1Omni.Models.Common;
using R1Omni.Models.HumanOmni;
using R1Omni.Presets;
using R1Omni.Prompts;
using R1Omni.Runtime;
using R1Omni.Tokenizers;
using static TorchSharp.torch;
using Stages = R1Omni.Models.HumanOmni.HumanOmniQwen2ForCausalLM.Stages;

namespace R1Omni.Bench;

/// <summary>
/// `bench latency`: one video through HumanOmni-0.5B's real shapes (random weights): media decoding, SigLIP, BERT and
/// gate, both projectors, the Whisper-large-v3 encoder, LLM prefill and 64 greedy tokens. The pipeline runs twice;
/// the second (warm) run is reported; in bf16 a third runs the towers' attention on libtorch's SDPA instead of
/// <see cref="Bf16Attention"/>.
/// </summary>
public static class LatencyBenchmark
{
    public const string Summary = "per-video latency by stage at HumanOmni-0.5B shapes (random weights)";
    public const string Usage = """
        usage: environment/r1omni bench latency [--dtype bf16|fp32] [--new 64] [--seed 0]
          Makes a 3 s 640×480 clip with ffmpeg (h264 + aac), then times each stage for the video+audio prompt.
        """;

    /// <summary>The options of `bench latency` (see <see cref="Usage"/>).</summary>
    public sealed record Options(string Dtype = "bf16", int New = 64, int Seed = 0);

    public static int Run(Options o, TextWriter output)
    {
        TorchRuntime.EnsureLoaded();
        var dtype = ComputeDtype.Parse(o.Dtype, CPU);
        output.WriteLine($"threads {get_num_threads()}, dtype {o.Dtype}, {o.New} new tokens; building the 0.5B-shaped model…");
        using var model = HumanOmniPresetWriter.Build(HumanOmniPreset.RealShapes(), o.Seed, dtype);
        var tokenizer = Qwen2Tokenizer.Load(Path.Combine(AppPaths.DataDir, "tokenizers", "qwen2"));
        var bertTokenizer = BertTokenizer.Load(Path.Combine(AppPaths.DataDir, "tokenizers", "bert-base-uncased"));
        string video = MakeClip();
        var loader = new VideoClipLoader(new ImagePreprocessor(), new WhisperFeatureExtractor(featureSize: 128));
        var bundle = new HumanOmniBundle(model, tokenizer, bertTokenizer, ChatTemplate.For(ChatTemplateKind.Qwen2VL), loader, null);
        var options = new GenerationOptions { MaxNewTokens = o.New, MinNewTokens = o.New, PadTokenId = tokenizer.EndOfTextId };

        Dictionary<string, double> stages = [];
        for (int run = 0; run < 2; run++) stages = RunOnce(bundle, video, options);
        var figures = stages.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 3));
        figures["total_s"] = Math.Round(stages.Values.Sum(), 3);
        foreach (var (k, v) in figures) output.WriteLine($"{k,-14} {v,8:F3} s");
        if (dtype == ScalarType.BFloat16 && NativeKernels.Available)
        {
            // The same warm pipeline with the towers' attention on libtorch's SDPA, for the ratio in one run.
            Bf16Attention.Enabled = false;
            try { stages = RunOnce(bundle, video, options); }
            finally { Bf16Attention.Enabled = true; }
            double sdpaTotal = stages.Values.Sum();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"with the towers' attention on libtorch's SDPA: siglip {stages["siglip_s"]:F3} s, whisper {stages["whisper_s"]:F3} s, total {sdpaTotal:F3} s"));
            figures["siglip_sdpa_s"] = Math.Round(stages["siglip_s"], 3);
            figures["whisper_sdpa_s"] = Math.Round(stages["whisper_s"], 3);
            figures["total_sdpa_s"] = Math.Round(sdpaTotal, 3);
        }
        output.WriteLine($"peak memory    {MachineProbe.PeakResidentMiB():F0} MiB");
        output.WriteLine(JsonSerializer.Serialize(figures));
        File.Delete(video);
        return 0;
    }

    static Dictionary<string, double> RunOnce(HumanOmniBundle bundle, string video, GenerationOptions options)
    {
        var stages = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        using var clip = bundle.ClipLoader.Load(video, ImageFraming.Squash);
        stages["media_s"] = clock.Elapsed.TotalSeconds;
        using var trace = new ForwardTrace();
        long[] ids = bundle.PromptIds(R1OmniPrompts.InferencePrompt(bundle.Template, R1OmniPrompts.DemoInstruct));
        var sample = new MultimodalSample(ids, MultimodalMedia.Raw(clip.PixelValues, clip.InputFeatures), bundle.Gate(R1OmniPrompts.DemoInstruct));
        using var batch = bundle.Model.PrepareInputsLabelsForMultimodal(new MultimodalBatch([sample], PromptModality.VideoAudio, PaddingSide.Left), trace);
        stages["siglip_s"] = trace.SecondsOf(Stages.Siglip);
        stages["bert_s"] = trace.SecondsOf(Stages.Bert) + trace.SecondsOf(Stages.Gate);
        stages["whisper_s"] = trace.SecondsOf(Stages.Whisper);
        stages["projector_s"] = trace.SecondsOf(Stages.VisualProjector) + trace.SecondsOf(Stages.AudioProjector);
        var result = GenerationEngine.GenerateFromEmbeddings(bundle.Model, batch.InputsEmbeds, batch.AttentionMask, options);
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
