using System.Diagnostics;
using static TorchSharp.torch;

namespace R1Omni.Bench;

/// <summary>Machine figures that benchmarks report beside their own: read bandwidth and peak memory.</summary>
public static class MachineProbe
{
    /// <summary>Best-of-n read bandwidth in GB/s: summing a 1 GiB fp32 tensor, which streams it from memory once.</summary>
    public static double ReadBandwidthGBs(int repeats = 5, long bytes = 1L << 30)
    {
        using var scope = NewDisposeScope();
        var t = ones(bytes / 4, dtype: ScalarType.Float32);
        t.sum().Dispose(); // touch every page first
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            t.sum().Dispose();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return bytes / best / 1e9;
    }

    /// <summary>Peak resident memory of this process in MiB (VmHWM; 0 where /proc is absent).</summary>
    public static double PeakResidentMiB()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return 0;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }
}
