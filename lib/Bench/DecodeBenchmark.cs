using System.Diagnostics;
using System.Text.Json;
using R1Omni.Config;
using R1Omni.Generation;
using R1Omni.Models.Qwen2;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Bench;

/// <summary>
/// `bench decode`: prefill and decode speed of the Qwen2.5-0.5B-shaped decoder with random weights, at batch 1 and
/// for a GRPO group sharing its prompt, against the machine's memory-bandwidth bound measured in the same run.
/// </summary>
public static class DecodeBenchmark
{
    public const string Summary = "Qwen2.5-0.5B-shaped prefill/decode speed (batch 1 and a shared-prefix group)";
    public const string Usage = """
        usage: environment/r1omni bench decode [--dtype bf16|fp32] [--prompt 512] [--new 128] [--group 8] [--seed 0]
          Random weights at the real shapes (data/presets/qwen2.5-0.5b). Decode speed counts one token per forward
          pass after the prompt's (new − 1 passes). The bound is read bandwidth ÷ weight bytes read per step.
        """;

    /// <summary>The options of `bench decode` (see <see cref="Usage"/>).</summary>
    public sealed record Options(string Dtype = "bf16", int Prompt = 512, int New = 128, int Group = 8, int Seed = 0);

    public static int Run(Options o, TextWriter output)
    {
        string dtypeName = o.Dtype;
        int promptLen = o.Prompt, newTokens = o.New, group = o.Group, seed = o.Seed;
        if (newTokens < 2) throw new R1OmniException("bench decode: --new must be at least 2");
        TorchRuntime.EnsureLoaded();
        var dtype = ComputeDtype.Parse(dtypeName, CPU);
        var config = ModelConfig.Load<Qwen2Config>(Path.Combine(AppPaths.DataDir, "presets", "qwen2.5-0.5b"));

        output.WriteLine($"threads {get_num_threads()}, dtype {dtypeName}, prompt {promptLen}, new {newTokens}, group {group}");
        double readGBs = MachineProbe.ReadBandwidthGBs();
        output.WriteLine($"read bandwidth        {readGBs:F1} GB/s");

        using var model = new Qwen2ForCausalLM(config, dtype);
        model.InitWeights(seed);
        long weightBytes = model.parameters().Sum(p => p.NumberOfElements * p.ElementSize);
        var rng = new Random(seed);
        int[] prompt = Enumerable.Range(0, promptLen).Select(_ => rng.Next(config.VocabSize)).ToArray();
        var greedy = new GenerationOptions { MaxNewTokens = newTokens, MinNewTokens = newTokens, PadTokenId = 0 };

        GenerationEngine.Generate(model, [prompt[..Math.Min(32, promptLen)]], greedy with { MaxNewTokens = 4, MinNewTokens = 4 }); // warm-up
        var single = GenerationEngine.Generate(model, [prompt], greedy);
        double prefillTokS = promptLen / single.PrefillSeconds;
        double decodeTokS = (newTokens - 1) / single.DecodeSeconds;

        var sampled = greedy with { DoSample = true, TopK = 50, Temperature = 1.0, Seed = seed };
        GroupResult groupRun;
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var embeds = model.Embed(tensor(prompt.Select(t => (long)t).ToArray()).unsqueeze(0));
            var r = GenerationEngine.GenerateGroup(model, embeds, group, sampled);
            groupRun = new GroupResult(r.PrefillSeconds, group * (newTokens - 1) / r.DecodeSeconds);
        }
        double bound = readGBs * 1e9 / weightBytes;
        var figures = new Dictionary<string, double>
        {
            ["prefill_tok_s"] = Math.Round(prefillTokS, 1),
            ["decode_tok_s"] = Math.Round(decodeTokS, 2),
            ["group8_decode_tok_s"] = Math.Round(groupRun.AggregateDecodeTokS, 2),
            ["read_gb_s"] = Math.Round(readGBs, 1),
            ["decode_fraction_of_bound"] = Math.Round(decodeTokS / bound, 3),
            ["peak_mem_mb"] = Math.Round(MachineProbe.PeakResidentMiB(), 0),
        };
        output.WriteLine($"weights               {weightBytes / 1e6:F0} MB ({dtypeName}); decode bound {bound:F1} tok/s");
        output.WriteLine($"prefill               {prefillTokS:F1} tok/s ({single.PrefillSeconds:F2} s for {promptLen} tokens)");
        output.WriteLine($"decode, batch 1       {decodeTokS:F2} tok/s ({decodeTokS / bound:P0} of the bandwidth bound)");
        output.WriteLine($"decode, group of {group}    {groupRun.AggregateDecodeTokS:F2} tok/s aggregate ({groupRun.AggregateDecodeTokS / decodeTokS:F2}× batch 1; shared prefill {groupRun.PrefillSeconds:F2} s)");
        output.WriteLine($"peak memory           {figures["peak_mem_mb"]:F0} MiB");
        output.WriteLine(JsonSerializer.Serialize(figures));
        return 0;
    }

    sealed record GroupResult(double PrefillSeconds, double AggregateDecodeTokS);
}
