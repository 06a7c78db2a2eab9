using System.Diagnostics;
using static TorchSharp.torch;

namespace R1Omni.Models.Common;

/// <summary>
/// What one forward recorded when asked: the seconds each stage took and, with <see cref="KeepTensors"/>, named
/// intermediates as fp32 copies on the CPU (the names of the parity dumps). Stages that run again add up.
/// </summary>
public sealed class ForwardTrace : IDisposable
{
    readonly Dictionary<string, Tensor> tensors = new(StringComparer.Ordinal);
    readonly Dictionary<string, double> seconds = new(StringComparer.Ordinal);

    public bool KeepTensors { get; init; }

    public IReadOnlyDictionary<string, Tensor> Tensors => tensors;
    public IReadOnlyDictionary<string, double> Seconds => seconds;

    /// <summary>The seconds a stage took (0 when it did not run).</summary>
    public double SecondsOf(string stage) => seconds.GetValueOrDefault(stage);

    /// <summary>Keeps an fp32 CPU copy of <paramref name="value"/> under <paramref name="name"/> when tensors are kept.</summary>
    public void Keep(string name, Tensor value)
    {
        if (!KeepTensors) return;
        if (tensors.Remove(name, out var old)) old.Dispose();
        tensors[name] = value.detach().to(ScalarType.Float32).cpu().clone().DetachFromDisposeScope();
    }

    internal void Add(string stage, double elapsed) => seconds[stage] = seconds.GetValueOrDefault(stage) + elapsed;

    public void Dispose()
    {
        foreach (var t in tensors.Values) t.Dispose();
        tensors.Clear();
    }
}

public static class ForwardTraceExtensions
{
    /// <summary>Runs a stage, adding its wall-clock seconds under <paramref name="stage"/> when there is a trace.</summary>
    public static T Timed<T>(this ForwardTrace? trace, string stage, Func<T> run)
    {
        if (trace is null) return run();
        var clock = Stopwatch.StartNew();
        var result = run();
        trace.Add(stage, clock.Elapsed.TotalSeconds);
        return result;
    }
}
