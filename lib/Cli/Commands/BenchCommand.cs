using R1Omni.Bench;
using R1Omni.Runtime;

namespace R1Omni.Cli.Commands;

/// <summary>`r1omni bench NAME`: benchmarks (not tests); each prints its figures and ends with one JSON line.</summary>
public sealed class BenchCommand : ICommand
{
    sealed record Benchmark(string Name, string Summary, string Usage, Func<CommandArgs, int> Run);

    static readonly IReadOnlyList<Benchmark> Benchmarks =
    [
        new("decode", DecodeBenchmark.Summary, DecodeBenchmark.Usage, args => Run(args, new DecodeBenchmark.Options(
            Dtype: args.Choice("dtype", "bf16", ComputeDtype.Names), Prompt: args.GetInt("prompt", 512), New: args.GetInt("new", 128),
            Group: args.GetInt("group", 8), Seed: args.GetInt("seed", 0), Runs: args.GetInt("runs", 3)), DecodeBenchmark.Run)),
        new("grpo", GrpoBenchmark.Summary, GrpoBenchmark.Usage, args => Run(args, new GrpoBenchmark.Options(
            Group: args.GetInt("group", 8), Completion: args.GetInt("completion", 16), TinyCompletion: args.GetInt("tiny-completion", 32),
            NaiveRows: args.GetInt("naive-rows", 1), Seed: args.GetInt("seed", 0), SkipReal: args.Flag("skip-real")), GrpoBenchmark.Run)),
        new("latency", LatencyBenchmark.Summary, LatencyBenchmark.Usage, args => Run(args, new LatencyBenchmark.Options(
            Dtype: args.Choice("dtype", "bf16", ComputeDtype.Names), New: args.GetInt("new", 64), Seed: args.GetInt("seed", 0)), LatencyBenchmark.Run)),
    ];

    public string Name => "bench";
    public string Summary => $"benchmarks: {string.Join(", ", Benchmarks.Select(b => b.Name))}";
    public string Usage => "usage: environment/r1omni bench NAME [options]\n" +
                           string.Join("\n", Benchmarks.Select(b => $"  {b.Name,-8} {b.Summary}\n{Indent(b.Usage)}"));

    public int Run(CommandArgs args)
    {
        if (args.Positional.Count != 1) throw new UsageException($"bench: name one benchmark ({string.Join(", ", Benchmarks.Select(b => b.Name))})");
        var bench = Benchmarks.FirstOrDefault(b => b.Name == args.Positional[0])
                    ?? throw new UsageException($"bench: unknown benchmark '{args.Positional[0]}' ({string.Join(", ", Benchmarks.Select(b => b.Name))})");
        return bench.Run(args);
    }

    static int Run<TOptions>(CommandArgs args, TOptions options, Func<TOptions, TextWriter, int> run)
    {
        args.EnsureAllUsed();
        return run(options, args.Out);
    }

    static string Indent(string s) => string.Join("\n", s.TrimEnd().Split('\n').Select(l => "      " + l));
}
