using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using R1Omni.Data;
using R1Omni.Media;
using R1Omni.Models.Common;
using R1Omni.Models.HumanOmni;
using R1Omni.Models.Qwen2;
using R1Omni.Presets;
using R1Omni.Prompts;
using R1Omni.Runtime;
using R1Omni.SynthEmo;
using R1Omni.Tokenizers;
using R1Omni.Training;
using R1Omni.Training.Grpo;
using static TorchSharp.torch;

namespace R1Omni.Bench;

/// <summary>
/// `bench grpo`: one GRPO step (rollouts, reference log-probs, policy log-probs with backward; not the optimiser update,
/// which is the same either way) done the reference's way (<see cref="RolloutMode.Naive"/>: prompt, video and audio
/// repeated G times, towers re-run on every copy in every pass, no prefix sharing) and ours (<see cref="RolloutMode.Shared"/>),
/// on the tiny preset and at HumanOmni-0.5B's shapes with random weights in bf16; and ours with its rollouts decoded by
/// libtorch's per-operation forward instead of the fused step (<see cref="Qwen2DecodeStep.Enabled"/>), and, in fp32, with
/// the LM head's products on libtorch instead of <see cref="Fp32Gemm"/> (<see cref="Fp32Gemm.Enabled"/>), in the same run.
/// </summary>
public static class GrpoBenchmark
{
    public const string Summary = "one GRPO step, naive (as the reference) vs shared towers/prefix, tiny and HumanOmni-0.5B shapes";
    public const string Usage = """
        usage: environment/r1omni bench grpo [--group 8] [--completion 16] [--tiny-completion 32] [--naive-rows 1]
                                             [--seed 0] [--skip-real]
          Random weights; one SynthEmo clip (rendered with ffmpeg). The real-shaped case is HumanOmni-0.5B's shapes in
          bf16 (Qwen2.5-0.5B from data/presets/qwen2.5-0.5b, SigLIP-B/16 at 224 px, Whisper-large-v3 encoder, BERT-base):
          about 1.4 B parameters and tens of seconds per step on 2 cores even when shared, minutes naive; keep
          --completion short. --naive-rows: completions per log-prob pass of the naive real-shaped step (its G full
          sequences of ~1000 tokens with grad need ~2.5 GB each under eager attention; the FLOPs do not change).
          Both modes sample the same tokens (same seed streams); the loss of each is printed as a check.
        """;

    /// <summary>The options of `bench grpo` (see <see cref="Usage"/>).</summary>
    public sealed record Options(int Group = 8, int Completion = 16, int TinyCompletion = 32, int NaiveRows = 1, int Seed = 0, bool SkipReal = false);

    public static int Run(Options o, TextWriter output)
    {
        int group = o.Group, completion = o.Completion, tinyCompletion = o.TinyCompletion, naiveRows = o.NaiveRows, seed = o.Seed;
        bool skipReal = o.SkipReal;
        if (group < 2) throw new R1OmniException("bench grpo: --group must be at least 2");
        if (completion < 1 || tinyCompletion < 1) throw new R1OmniException("bench grpo: completion lengths must be at least 1");
        if (naiveRows < 0) throw new R1OmniException("bench grpo: --naive-rows must be ≥ 0 (0 = all G at once)");
        output.WriteLine(TorchRuntime.EnsureLoaded());
        output.WriteLine($"threads {get_num_threads()}, G {group}; each step: rollouts + reference log-probs + policy log-probs with backward");

        var tokenizer = Qwen2Tokenizer.Load(Path.Combine(AppPaths.DataDir, "tokenizers", "qwen2"));
        var bertTokenizer = BertTokenizer.Load(Path.Combine(AppPaths.DataDir, "tokenizers", "bert-base-uncased"));
        var (item, video) = RenderClip(seed);
        var figures = new Dictionary<string, double>();

        var tiny = Compare(output, HumanOmniPreset.Tiny, ScalarType.Float32, tokenizer, bertTokenizer, item, video, group, tinyCompletion, naiveRows: 0, seed);
        figures["tiny_naive_s"] = Math.Round(tiny.Naive, 3);
        figures["tiny_ours_s"] = Math.Round(tiny.Ours, 3);
        figures["tiny_speedup"] = Math.Round(tiny.Naive / tiny.Ours, 2);
        figures["tiny_libtorch_decode_s"] = Math.Round(tiny.LibtorchDecode, 3);
        figures["tiny_vs_libtorch_decode"] = Math.Round(tiny.LibtorchDecode / tiny.Ours, 2);
        if (tiny.LibtorchHead is double head)
        {
            figures["tiny_libtorch_head_s"] = Math.Round(head, 3);
            figures["tiny_vs_libtorch_head"] = Math.Round(head / tiny.Ours, 2);
        }
        if (!skipReal)
        {
            var real = Compare(output, HumanOmniPreset.RealShapes(), ScalarType.BFloat16, tokenizer, bertTokenizer, item, video, group, completion, naiveRows, seed);
            figures["naive_s"] = Math.Round(real.Naive, 2);
            figures["ours_s"] = Math.Round(real.Ours, 2);
            figures["speedup"] = Math.Round(real.Naive / real.Ours, 2);
            figures["libtorch_decode_s"] = Math.Round(real.LibtorchDecode, 2);
            figures["vs_libtorch_decode"] = Math.Round(real.LibtorchDecode / real.Ours, 2);
        }
        figures["group"] = group;
        figures["completion"] = completion;
        figures["threads"] = get_num_threads();
        figures["peak_mem_mb"] = Math.Round(MachineProbe.PeakResidentMiB(), 0);
        output.WriteLine(JsonSerializer.Serialize(figures));
        return 0;
    }

    sealed record Times(double Generation, double Reference, double LogProb, double Backward, double Loss, int Tokens, IReadOnlyList<long[,]> Ids, ulong Gradients)
    {
        public double Total => Generation + Reference + LogProb + Backward;
    }

    static (double Naive, double LibtorchDecode, double Ours, double? LibtorchHead) Compare(TextWriter output, HumanOmniPreset preset, ScalarType dtype, Qwen2Tokenizer tokenizer, BertTokenizer bertTokenizer,
                                               ManifestItem item, string video, int group, int completion, int naiveRows, int seed)
    {
        var sw = Stopwatch.StartNew();
        using var policy = HumanOmniPresetWriter.Build(preset, seed, dtype);
        using var reference = FrozenReference.CopyOf(policy);
        TrainableParts.Apply(policy, TrainableParts.GrpoDefault);
        long parameters = policy.parameters().Sum(p => p.numel()) + reference.Model.LanguageModel.parameters().Sum(p => p.numel());
        var loader = new VideoClipLoader(new ImagePreprocessor(new SiglipImageProcessorConfig(Height: preset.ImageSize, Width: preset.ImageSize)),
                                         new WhisperFeatureExtractor(featureSize: preset.MelBins), preset.NumFrames);
        string dtypeName = dtype == ScalarType.BFloat16 ? "bf16" : "fp32";
        output.WriteLine();
        output.WriteLine($"{preset.Name} ({dtypeName}, {parameters / 1e6:F0} M parameters with the reference's copy; built in {sw.Elapsed.TotalSeconds:F1} s), " +
                         $"completion {completion} tokens");
        var bundle = new HumanOmniBundle(policy, tokenizer, bertTokenizer, ChatTemplate.For(ChatTemplateKind.Qwen2VL), loader, null);
        var options = new GrpoOptions { NumGenerations = group, MaxCompletionLength = completion };
        var rewards = RewardFunctions.Create(RewardFunctions.Default, "bench");

        Times Step(RolloutMode mode, GrpoOptions o)
        {
            using var runner = new GrpoStepRunner(bundle, reference.Model, rewards, o, mode);
            using var batch = runner.Rollout([item], seed, i => loader.Load(i.Video, ImageFraming.PadToSquare));
            foreach (var p in policy.parameters()) p.grad?.zero_();
            var stats = runner.Backward(batch);
            return new Times(batch.GenerationSeconds, batch.ReferenceSeconds, stats.ForwardSeconds, stats.BackwardSeconds, stats.Loss,
                             batch.Groups.Sum(g => g.Completions.Lengths.Sum()), batch.Groups.Select(g => g.Completions.Ids).ToList(), GradientDigest(policy));
        }

        Step(RolloutMode.Shared, options with { MaxCompletionLength = 2 });   // warm-up: first-call costs land on neither side
        var naive = Step(RolloutMode.Naive, options with { RowsPerLogProbPass = naiveRows });
        Times libtorch;
        Qwen2DecodeStep.Enabled = false;   // the shared step with rollouts decoded by libtorch's per-operation forward
        try { libtorch = Step(RolloutMode.Shared, options); }
        finally { Qwen2DecodeStep.Enabled = true; }
        var ours = Step(RolloutMode.Shared, options);
        bool same = naive.Ids.Zip(ours.Ids).All(p => p.First.Cast<long>().SequenceEqual(p.Second.Cast<long>()));
        bool sameDecode = libtorch.Ids.Zip(ours.Ids).All(p => p.First.Cast<long>().SequenceEqual(p.Second.Cast<long>()));
        output.WriteLine($"  {"phase",-30} {"naive s",9} {"libtorch-decode s",18} {"ours s",9} {"naive/ours",11} {"libtorch/ours",14}");
        void Row(string name, double a, double l, double b) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-30} {a,9:F2} {l,18:F2} {b,9:F2} {a / Math.Max(b, 1e-9),10:F1}× {l / Math.Max(b, 1e-9),13:F1}×"));
        Row("generation (towers, gate, G×)", naive.Generation, libtorch.Generation, ours.Generation);
        Row("reference log-probs", naive.Reference, libtorch.Reference, ours.Reference);
        Row("policy log-probs (forward)", naive.LogProb, libtorch.LogProb, ours.LogProb);
        Row("backward", naive.Backward, libtorch.Backward, ours.Backward);
        Row("step", naive.Total, libtorch.Total, ours.Total);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  completions identical to the libtorch-decoded step: {(sameDecode ? "yes" : "no")}; loss {libtorch.Loss:G6} / {ours.Loss:G6}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  completions identical: {(same ? "yes" : "no (bf16 rounding differs between the batched and the shared prefill)")}; " +
            $"tokens {naive.Tokens} / {ours.Tokens}; loss {naive.Loss:G6} / {ours.Loss:G6}{(naiveRows > 0 ? $"; naive log-prob passes of {naiveRows} row(s)" : "")}"));
        if (dtype != ScalarType.Float32) return (naive.Total, libtorch.Total, ours.Total, null);
        Times head;
        Fp32Gemm.Enabled = false;   // the shared step with the LM head's fp32 products on libtorch
        try { head = Step(RolloutMode.Shared, options); }
        finally { Fp32Gemm.Enabled = true; }
        bool sameHead = head.Loss.Equals(ours.Loss) && head.Gradients == ours.Gradients && head.Ids.Zip(ours.Ids).All(p => p.First.Cast<long>().SequenceEqual(p.Second.Cast<long>()));
        var agreement = Fp32Gemm.AgreementFor(policy.LanguageModel.HeadWeight);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  with the LM head's products on libtorch: reference {head.Reference:F2} s, backward {head.Backward:F2} s, step {head.Total:F2} s " +
            $"({head.Total / Math.Max(ours.Total, 1e-9):F2}× ours); completions, loss and every gradient bit identical: {(sameHead ? "yes" : "no")}"));
        output.WriteLine($"  Fp32Gemm at this head: logits {Used(agreement.Linear)}, hidden-state gradient {Used(agreement.MatMul)}, weight gradient {Used(agreement.AddTransposedMatMul)}");
        return (naive.Total, libtorch.Total, ours.Total, head.Total);
    }

    static string Used(bool agrees) => agrees ? "managed (agrees with libtorch)" : "libtorch (the managed order disagreed here)";

    // A 64-bit digest of every parameter gradient's bits (FNV-1a over 8-byte words), to show two steps' gradients are identical.
    static ulong GradientDigest(TorchSharp.torch.nn.Module model)
    {
        ulong h = 14695981039346656037UL;
        foreach (var p in model.parameters())
        {
            if (p.grad is not { } g) continue;
            using var c = g.contiguous();
            var bytes = c.bytes;
            var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes);
            foreach (ulong w in words) h = (h ^ w) * 1099511628211UL;
            for (int i = words.Length * 8; i < bytes.Length; i++) h = (h ^ bytes[i]) * 1099511628211UL;
        }
        return h;
    }

    // One SynthEmo rl_train clip: the input both model sizes read (frames resized to each preset's size).
    static (ManifestItem Item, string Video) RenderClip(int seed)
    {
        var options = new SynthEmoOptions { Seed = seed, PerClassColdStart = 0, PerClassRl = 1, PerClassTest = 0, PerClassOod = 0 };
        var clip = ClipPlanner.Plan(options, SynthEmoSplit.RlTrain)[0];
        string path = Path.Combine(Path.GetTempPath(), $"r1omni-bench-grpo-{options.Hash}-{clip.Id}.mp4");
        if (!File.Exists(path)) SynthEmoWorld.Render(clip, options, path);
        var item = new ManifestItem
        {
            Id = clip.Id, Video = path, Source = "synthemo", Label = clip.Label, Problem = R1OmniPrompts.GrpoProblem,
            Solution = ConversationJson.RlvrSolution(clip.Label),
        };
        return (item, path);
    }
}
