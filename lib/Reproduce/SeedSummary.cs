using System.Globalization;
using System.Text;
using R1Omni.Runtime;
using R1Omni.Training.Grpo;

namespace R1Omni.Reproduce;

/// <summary>
/// The miniature table over several seeds — each seed its own run folder, world, models and evaluations — as
/// mean ± sd per model and column (<c>summary.csv</c>), and the paper's claims checked at every seed
/// (<c>claims.csv</c>): each holds or does not at each seed, with the mean difference it rests on.
/// </summary>
public static class SeedSummary
{
    public const string SummaryFile = "summary.csv", ClaimsFile = "claims.csv", ProbeFile = "probe.csv";

    /// <summary>One claim at every seed: the differences it compares (percentage points) and whether each is positive.</summary>
    public sealed record Claim(string Name, IReadOnlyList<double> Differences)
    {
        public int Holds => Differences.Count(d => d > 0);
        public string Verdict => Holds == Differences.Count ? "holds" : Holds == 0 ? "does not hold" : $"holds at {Holds} of {Differences.Count} seeds";
    }

    /// <summary>
    /// The learning probe of one seed over the first and the last fifth of GRPO's measurements: the mean sampled accuracy,
    /// and the accuracy among answered samples (<see cref="ProbePoint.AnsweredAccuracy"/>), each with the standard error
    /// of its difference, paired over the probe clips (the ratio's by the delta method).
    /// </summary>
    public sealed record ProbeTrend(int Seed, double First, double Last, double StandardError,
                                    double AnsweredFirst, double AnsweredLast, double AnsweredStandardError)
    {
        public double Difference => Last - First;
        /// <summary>The sampled accuracy rises by more than twice its standard error.</summary>
        public bool Learns => Difference > 2 * StandardError;
        public double AnsweredDifference => AnsweredLast - AnsweredFirst;
        /// <summary>The accuracy among answers rises by more than twice its standard error: RL answers correctly more often, not only more often.</summary>
        public bool Recognises => AnsweredDifference > 2 * AnsweredStandardError;
    }

    public static void Write(string dir, IReadOnlyList<(int Seed, IReadOnlyList<ReproductionRow> Rows, string GrpoRunDir)> seeds)
    {
        Directory.CreateDirectory(dir);
        var csv = new StringBuilder("model,seeds," + string.Join(",", MiniatureReproduction.ResultColumns.SelectMany(c => new[] { c + "_mean", c + "_sd" })) + "\n");
        foreach (string model in MiniatureReproduction.Models)
        {
            var values = seeds.Select(s => MiniatureReproduction.Values(s.Rows.Single(r => r.Model == model))).ToList();
            var cells = Enumerable.Range(0, MiniatureReproduction.ResultColumns.Count).SelectMany(c =>
            {
                var column = values.Select(v => v[c]).Where(double.IsFinite).ToList();
                return new[] { F(Mean(column)), F(Sd(column)) };
            });
            csv.AppendLine(string.Join(",", [model, string.Join(" ", seeds.Select(s => s.Seed)), .. cells]));
        }
        AtomicFile.WriteAllText(Path.Combine(dir, SummaryFile), csv.ToString());

        var claims = new StringBuilder("claim,verdict,mean_difference,sd_difference,differences\n");
        foreach (var claim in Claims(seeds.Select(s => s.Rows).ToList()))
            claims.AppendLine(string.Join(",", Quote(claim.Name), claim.Verdict, F(Mean(claim.Differences)), F(Sd(claim.Differences)),
                                          string.Join(" ", claim.Differences.Select(F))));
        AtomicFile.WriteAllText(Path.Combine(dir, ClaimsFile), claims.ToString());

        var probe = new StringBuilder("seed,first_fifth,last_fifth,difference,standard_error,learns," +
                                      "answered_first_fifth,answered_last_fifth,answered_difference,answered_standard_error,recognises\n");
        foreach (var s in seeds)
            if (Probe(s.Seed, s.GrpoRunDir) is { } t)
                probe.AppendLine(string.Join(",", t.Seed, F(t.First * 100), F(t.Last * 100), F(t.Difference * 100), F(t.StandardError * 100), t.Learns ? "yes" : "no",
                                             F(t.AnsweredFirst * 100), F(t.AnsweredLast * 100), F(t.AnsweredDifference * 100), F(t.AnsweredStandardError * 100),
                                             double.IsFinite(t.AnsweredDifference) ? t.Recognises ? "yes" : "no" : ""));
        AtomicFile.WriteAllText(Path.Combine(dir, ProbeFile), probe.ToString());
    }

    /// <summary>The paper's claims as differences in percentage points, one per seed.</summary>
    public static IReadOnlyList<Claim> Claims(IReadOnlyList<IReadOnlyList<ReproductionRow>> seeds)
    {
        ReproductionRow Row(IReadOnlyList<ReproductionRow> rows, string model) => rows.Single(r => r.Model == model);
        Claim Diff(string name, Func<IReadOnlyList<ReproductionRow>, double> difference) => new(name, seeds.Select(difference).ToList());
        return
        [
            Diff("GRPO > cold start, in distribution (UAR)", r => Row(r, "grpo").InDistribution.Uar - Row(r, "cold_start_sft").InDistribution.Uar),
            Diff("GRPO > cold start, out of distribution (UAR)", r => Row(r, "grpo").OutOfDistribution.Uar - Row(r, "cold_start_sft").OutOfDistribution.Uar),
            Diff("GRPO > label SFT, in distribution (UAR)", r => Row(r, "grpo").InDistribution.Uar - Row(r, "label_sft").InDistribution.Uar),
            Diff("GRPO best out of distribution (UAR, margin over the next)", r =>
                Row(r, "grpo").OutOfDistribution.Uar - r.Where(x => x.Model != "grpo").Max(x => x.OutOfDistribution.Uar)),
            Diff("GRPO's rationales more faithful than the cold start's: face (ID)", r =>
                100 * (Row(r, "grpo").IdRationale.Rationale.FaceFaithfulness - Row(r, "cold_start_sft").IdRationale.Rationale.FaceFaithfulness)),
            Diff("GRPO's rationales more faithful than the cold start's: voice (ID)", r =>
                100 * (Row(r, "grpo").IdRationale.Rationale.VoiceFaithfulness - Row(r, "cold_start_sft").IdRationale.Rationale.VoiceFaithfulness)),
            Diff("GRPO's rationales more consistent than the cold start's (ID)", r =>
                100 * (Row(r, "grpo").IdRationale.Rationale.Consistency - Row(r, "cold_start_sft").IdRationale.Rationale.Consistency)),
        ];
    }

    /// <summary>The probe trend of a GRPO run, the measurement before the first update included (null with fewer than two).</summary>
    public static ProbeTrend? Probe(int seed, string grpoRunDir)
    {
        var points = LearningProbe.Read(grpoRunDir).ToList();
        if (points.Count < 2) return null;
        int n = Math.Max(1, points.Count / 5);
        var firstPoints = points.Take(n).ToList();
        var lastPoints = points.TakeLast(n).ToList();
        double[] PerClip(List<ProbePoint> window, Func<ProbePoint, double[]> values) =>
            [.. Enumerable.Range(0, values(window[0]).Length).Select(c => window.Average(p => values(p)[c]))];

        double[] first = PerClip(firstPoints, p => p.ClipAccuracy), last = PerClip(lastPoints, p => p.ClipAccuracy);
        var diff = first.Zip(last, (a, b) => b - a).ToList();

        // Ratio of means per window; its linearisation (A_c − R·N_c) / mean(N) per clip, paired across the windows.
        double[] firstN = PerClip(firstPoints, p => p.ClipAnswered), lastN = PerClip(lastPoints, p => p.ClipAnswered);
        double[] firstA = PerClip(firstPoints, p => p.ClipAnsweredCorrect), lastA = PerClip(lastPoints, p => p.ClipAnsweredCorrect);
        double rFirst = firstA.Sum() / firstN.Sum(), rLast = lastA.Sum() / lastN.Sum();
        var answeredDiff = Enumerable.Range(0, first.Length).Select(c =>
            (lastA[c] - rLast * lastN[c]) / lastN.Average() - (firstA[c] - rFirst * firstN[c]) / firstN.Average()).ToList();
        return new ProbeTrend(seed, first.Average(), last.Average(), Sd(diff) / Math.Sqrt(diff.Count),
                              rFirst, rLast, Sd(answeredDiff) / Math.Sqrt(answeredDiff.Count));
    }

    internal static double Mean(IReadOnlyList<double> v) => v.Count == 0 ? double.NaN : v.Average();
    internal static double Sd(IReadOnlyList<double> v) => v.Count < 2 ? double.NaN : Math.Sqrt(v.Sum(x => (x - v.Average()) * (x - v.Average())) / (v.Count - 1));
    static string F(double v) => double.IsFinite(v) ? v.ToString("F2", CultureInfo.InvariantCulture) : "";
    static string Quote(string s) => "\"" + s.Replace("\"", "\"\"") + "\"";
}
