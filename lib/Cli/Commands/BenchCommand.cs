using R1Omni.Bench;

namespace R1Omni.Cli.Commands;

/// <summary>`r1omni bench NAME`: benchmarks (not tests); each prints its figures and ends with one JSON line.</summary>
public sealed class BenchCommand : ICommand
{
    static readonly IReadOnlyList<IBenchmark> Benchmarks = typeof(IBenchmark).Assembly.GetTypes()
        .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
        .OrderBy(b => b.Name, StringComparer.Ordinal).ToList();

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

    static string Indent(string s) => string.Join("\n", s.TrimEnd().Split('\n').Select(l => "      " + l));
}
