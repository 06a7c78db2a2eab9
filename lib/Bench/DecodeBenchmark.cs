using System.Diagnostics;
using System.Text.Json;
using R1Omni.Config;
using R1Omni.Generation;
using R1Omni.Models.Common;
using R1Omni.Models.Qwen2;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Bench;

/// <summary>
/// `bench decode`: prefill and decode speed of the Qwen2.5-0.5B-shaped decoder with random weights, at batch 1 and
/// for a GRPO group sharing its prompt, through the fused decoding step and through libtorch's per-operation forward
/// (<see cref="Qwen2DecodeStep.Enabled"/>), and, where the AVX-512 BF16 kernel runs, through the fused step on the
/// managed kernel instead (<see cref="Bf16DotKernel.Enabled"/>), interleaved in one run with the read bandwidth probed
/// beside each round; medians over the rounds, and the ratios of the engines.
/// </summary>
public static class DecodeBenchmark
{
    public const string Summary = "Qwen2.5-0.5B-shaped prefill/decode speed (batch 1 and a shared-prefix group), fused step vs libtorch";
    public const string Usage = """
        usage: environment/r1omni bench decode [--dtype bf16|fp32] [--prompt 512] [--new 128] [--group 8] [--runs 3] [--seed 0]
          Random weights at the real shapes (data/presets/qwen2.5-0.5b). Decode speed counts one token per forward
          pass after the prompt's (new − 1 passes). The bound is read bandwidth ÷ weight bytes read per step. Each of
          --runs rounds measures the fused step, then libtorch, then (bf16, where the AVX-512 BF16 kernel runs) the
          fused step on the managed kernel, then the bandwidth; figures are medians.
        """;

    /// <summary>The options of `bench decode` (see <see cref="Usage"/>).</summary>
    public sealed record Options(string Dtype = "bf16", int Prompt = 512, int New = 128, int Group = 8, int Seed = 0, int Runs = 3);

    sealed record Round(double PrefillTokS, double DecodeTokS, double GroupTokS);

    public static int Run(Options o, TextWriter output)
    {
        if (o.New < 2) throw new R1OmniException("bench decode: --new must be at least 2");
        if (o.Runs < 1) throw new R1OmniException("bench decode: --runs must be at least 1");
        TorchRuntime.EnsureLoaded();
        var dtype = ComputeDtype.Parse(o.Dtype, CPU);
        var config = ModelConfig.Load<Qwen2Config>(Path.Combine(AppPaths.DataDir, "presets", "qwen2.5-0.5b"));
        output.WriteLine($"threads {get_num_threads()}, dtype {o.Dtype}, prompt {o.Prompt}, new {o.New}, group {o.Group}, runs {o.Runs}");
        bool compareKernels = dtype == ScalarType.BFloat16 && Bf16DotKernel.Applies;
        if (dtype == ScalarType.BFloat16) output.WriteLine($"bf16 kernel: {Bf16DotKernel.Status}");

        using var model = new Qwen2ForCausalLM(config, dtype);
        model.InitWeights(o.Seed);
        long weightBytes = model.parameters().Sum(p => p.NumberOfElements * p.ElementSize);
        var rng = new Random(o.Seed);
        int[] prompt = Enumerable.Range(0, o.Prompt).Select(_ => rng.Next(config.VocabSize)).ToArray();
        var greedy = new GenerationOptions { MaxNewTokens = o.New, MinNewTokens = o.New, PadTokenId = 0 };
        // Every engine once on a short prompt first, long enough for the JIT's optimised code (otherwise the first
        // engine measured would pay for compiling what the others reuse).
        bool enabled = Qwen2DecodeStep.Enabled;
        int[] warmPrompt = prompt[..Math.Min(64, o.Prompt)];
        var warmUp = o with { New = Math.Min(o.New, 48) };
        var warmGreedy = greedy with { MaxNewTokens = warmUp.New, MinNewTokens = warmUp.New };
        foreach (var (fusedStep, nativeKernel) in new[] { (true, true), (false, true), (true, false) })
        {
            if (!nativeKernel && !compareKernels) continue; // the managed kernel is the only one: measured as the fused step
            Qwen2DecodeStep.Enabled = fusedStep;
            Bf16DotKernel.Enabled = nativeKernel;
            try { Measure(model, warmPrompt, warmGreedy, warmUp); }
            finally { Qwen2DecodeStep.Enabled = enabled; Bf16DotKernel.Enabled = true; }
        }

        var fused = new List<Round>();
        var torch = new List<Round>();
        var managed = new List<Round>();
        var bandwidth = new List<double>();
        try
        {
            for (int run = 0; run < o.Runs; run++)
            {
                Qwen2DecodeStep.Enabled = true;
                fused.Add(Measure(model, prompt, greedy, o));
                Qwen2DecodeStep.Enabled = false;
                torch.Add(Measure(model, prompt, greedy, o));
                Qwen2DecodeStep.Enabled = true;
                string kernels = "";
                if (compareKernels)
                {
                    Bf16DotKernel.Enabled = false;
                    try { managed.Add(Measure(model, prompt, greedy, o)); }
                    finally { Bf16DotKernel.Enabled = true; }
                    kernels = $"; managed kernel decode {managed[^1].DecodeTokS:F2}, group {managed[^1].GroupTokS:F1} tok/s";
                }
                bandwidth.Add(MachineProbe.ReadBandwidthGBs());
                output.WriteLine($"round {run}: decode {fused[^1].DecodeTokS:F2} (fused) / {torch[^1].DecodeTokS:F2} (libtorch) tok/s, group {fused[^1].GroupTokS:F1} / {torch[^1].GroupTokS:F1} tok/s{kernels}, read {bandwidth[^1]:F1} GB/s");
            }
        }
        finally { Qwen2DecodeStep.Enabled = enabled; }

        double readGBs = Median(bandwidth), bound = readGBs * 1e9 / weightBytes;
        var f = new Round(Median(fused.Select(r => r.PrefillTokS)), Median(fused.Select(r => r.DecodeTokS)), Median(fused.Select(r => r.GroupTokS)));
        var t = new Round(Median(torch.Select(r => r.PrefillTokS)), Median(torch.Select(r => r.DecodeTokS)), Median(torch.Select(r => r.GroupTokS)));
        var figures = new Dictionary<string, double>
        {
            ["prefill_tok_s"] = Math.Round(f.PrefillTokS, 1),
            ["decode_tok_s"] = Math.Round(f.DecodeTokS, 2),
            ["group8_decode_tok_s"] = Math.Round(f.GroupTokS, 2),
            ["libtorch_decode_tok_s"] = Math.Round(t.DecodeTokS, 2),
            ["libtorch_group8_decode_tok_s"] = Math.Round(t.GroupTokS, 2),
            ["decode_vs_libtorch"] = Math.Round(f.DecodeTokS / t.DecodeTokS, 2),
            ["group8_vs_libtorch"] = Math.Round(f.GroupTokS / t.GroupTokS, 2),
            ["read_gb_s"] = Math.Round(readGBs, 1),
            ["decode_fraction_of_bound"] = Math.Round(f.DecodeTokS / bound, 3),
            ["peak_mem_mb"] = Math.Round(MachineProbe.PeakResidentMiB(), 0),
        };
        if (compareKernels)
        {
            double md = Median(managed.Select(r => r.DecodeTokS)), mg = Median(managed.Select(r => r.GroupTokS));
            figures["managed_kernel_decode_tok_s"] = Math.Round(md, 2);
            figures["managed_kernel_group8_decode_tok_s"] = Math.Round(mg, 2);
            figures["decode_vs_managed_kernel"] = Math.Round(f.DecodeTokS / md, 2);
            figures["group8_vs_managed_kernel"] = Math.Round(f.GroupTokS / mg, 2);
        }
        output.WriteLine($"weights               {weightBytes / 1e6:F0} MB ({o.Dtype}); decode bound {bound:F1} tok/s at {readGBs:F1} GB/s (median)");
        output.WriteLine($"prefill               {f.PrefillTokS:F1} tok/s");
        output.WriteLine($"decode, batch 1       {f.DecodeTokS:F2} tok/s fused ({f.DecodeTokS / bound:P0} of the bound), {t.DecodeTokS:F2} libtorch ({f.DecodeTokS / t.DecodeTokS:F2}×)");
        output.WriteLine($"decode, group of {o.Group}    {f.GroupTokS:F2} tok/s aggregate fused ({f.GroupTokS / f.DecodeTokS:F2}× batch 1), {t.GroupTokS:F2} libtorch ({f.GroupTokS / t.GroupTokS:F2}×)");
        if (compareKernels)
            output.WriteLine($"managed kernel        decode {figures["managed_kernel_decode_tok_s"]:F2} tok/s (fused {figures["decode_vs_managed_kernel"]:F2}×), group {figures["managed_kernel_group8_decode_tok_s"]:F2} tok/s (fused {figures["group8_vs_managed_kernel"]:F2}×)");
        output.WriteLine($"peak memory           {figures["peak_mem_mb"]:F0} MiB");
        output.WriteLine(JsonSerializer.Serialize(figures));
        return 0;
    }

    static Round Measure(Qwen2ForCausalLM model, int[] prompt, GenerationOptions greedy, Options o)
    {
        var single = GenerationEngine.Generate(model, [prompt], greedy);
        var sampled = greedy with { DoSample = true, TopK = 50, Temperature = 1.0, Seed = o.Seed };
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var embeds = model.Embed(tensor(prompt.Select(t => (long)t).ToArray()).unsqueeze(0));
        var group = GenerationEngine.GenerateGroup(model, embeds, o.Group, sampled);
        return new Round(prompt.Length / single.PrefillSeconds, (o.New - 1) / single.DecodeSeconds, o.Group * (o.New - 1) / group.DecodeSeconds);
    }

    static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
