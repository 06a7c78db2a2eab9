using System.Diagnostics;
using System.Globalization;

namespace R1Omni.Evaluation;

/// <summary>Prints "done/total, items/s, ETA" lines, with the rate measured over the items generated in this run.</summary>
public sealed class ProgressMeter(int total, int alreadyDone, TextWriter? output, string prefix = "[eval]")
{
    readonly Stopwatch _clock = Stopwatch.StartNew();
    int _generated;

    public int Done => alreadyDone + _generated;

    public void Advance(int items)
    {
        _generated += items;
        output?.WriteLine($"{prefix} {Format(Done, total, _generated, _clock.Elapsed)}");
        output?.Flush();
    }

    /// <summary>e.g. "120/1000 (12.0%)  2.50 items/s  ETA 0:05:52" — the rate counts only <paramref name="generated"/> items.</summary>
    public static string Format(int done, int total, int generated, TimeSpan elapsed)
    {
        double rate = elapsed.TotalSeconds > 0 ? generated / elapsed.TotalSeconds : 0;
        string eta = rate > 0 ? Duration(TimeSpan.FromSeconds((total - done) / rate)) : "?";
        double pct = total == 0 ? 100 : 100.0 * done / total;
        return string.Create(CultureInfo.InvariantCulture, $"{done}/{total} ({pct:F1}%)  {rate:F2} items/s  ETA {eta}");
    }

    static string Duration(TimeSpan t) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}");
}
