using R1Omni.Runtime;

namespace R1Omni.Tests.Architecture;

/// <summary>
/// The library's namespaces form layers along the data path; a namespace may use only namespaces of lower layers.
/// The table is the picture of the architecture (README, "Layout"): a new namespace has to be placed in it, and a
/// dependency that points sideways or up fails here with an example of the types involved.
/// </summary>
public class ArchitectureTests
{
    /// <summary>Lowest first. "" is the root namespace (R1OmniException).</summary>
    public static readonly string[][] Layers =
    [
        [""],
        ["Runtime", "Json"],
        ["Config", "Checkpoints", "Tokenizers", "Media"],
        ["Prompts"],
        ["Data"],
        ["Models.Common"],
        ["Models.Qwen2", "Models.Siglip", "Models.Whisper", "Models.Bert", "Models.Projector"],
        ["Models.HumanOmni"],
        ["Presets", "Generation"],
        ["Inference", "Training", "Dump"],
        ["Training.Sft", "Training.Grpo"],
        ["Evaluation", "Analysis", "SynthEmo"],
        ["Bench", "Charts"],
        ["Reproduce", "Notebooks"],
        ["Cli"],
        ["Cli.Commands"],
    ];

    static readonly NamespaceGraph Library = NamespaceGraph.Of(typeof(TorchRuntime).Assembly, "R1Omni");

    [Fact]
    public void EveryNamespaceUsesOnlyLowerLayers()
    {
        var problems = Violations(Library.All.Select(e => (e.From, e.To, e.Example)), Layers).ToList();
        Assert.True(problems.Count == 0, "dependencies that break the layering:\n  " + string.Join("\n  ", problems));
    }

    [Fact]
    public void TheNamespacesHaveNoCycles()
    {
        var cycles = Cycles(Library.All.Select(e => (e.From, e.To))).ToList();
        Assert.True(cycles.Count == 0, "namespace cycles:\n  " + string.Join("\n  ", cycles.Select(c => string.Join(" → ", c))));
    }

    /// <summary>The checks themselves, on edges the library must never have.</summary>
    [Fact]
    public void ForbiddenEdgesAndCyclesAreReported()
    {
        (string, string, string)[] bad =
        [
            ("Models.Qwen2", "Training", "a model reaching into training"),
            ("Data", "Evaluation", "ConversationJson → AnswerExtraction"),
            ("Evaluation", "Data", "fine on its own"),
            ("Charts", "Reproduce", "AblationCharts → GrpoAblationResult"),
            ("Bench", "Cli", "a benchmark taking CommandArgs"),
            ("Physics", "Runtime", "a namespace missing from the table"),
        ];
        var problems = Violations(bad, Layers).ToList();
        Assert.Contains(problems, p => p.StartsWith("Models.Qwen2 → Training", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Data → Evaluation", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Charts → Reproduce", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Bench → Cli", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'Physics' is not in the layer table", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.StartsWith("Evaluation → Data", StringComparison.Ordinal));
        var cycle = Assert.Single(Cycles(bad.Select(b => (b.Item1, b.Item2))));
        Assert.Equal(["Data", "Evaluation"], cycle.Order(StringComparer.Ordinal));
    }

    static IEnumerable<string> Violations(IEnumerable<(string From, string To, string Example)> edges, string[][] layers)
    {
        var layerOf = layers.SelectMany((names, i) => names.Select(n => (n, i))).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        foreach (var (from, to, example) in edges.OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal))
        {
            if (!layerOf.TryGetValue(from, out int a)) yield return $"'{from}' is not in the layer table";
            else if (!layerOf.TryGetValue(to, out int b)) yield return $"'{to}' is not in the layer table";
            else if (b >= a) yield return $"{from} → {to} ({(b == a ? "same layer" : "a higher layer")}; e.g. {example})";
        }
    }

    /// <summary>The strongly connected components with more than one namespace (Tarjan).</summary>
    static IEnumerable<List<string>> Cycles(IEnumerable<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList(), StringComparer.Ordinal);
        var nodes = next.Keys.Concat(next.Values.SelectMany(v => v)).Distinct(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var found = new List<List<string>>();
        int counter = 0;
        void Visit(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in next.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            if (component.Count > 1) found.Add(component);
        }
        foreach (var n in nodes) if (!index.ContainsKey(n)) Visit(n);
        return found;
    }
}
