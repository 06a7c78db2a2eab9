using System.Globalization;
using System.Text;
using R1Omni.Analysis;
using R1Omni.Charts;
using R1Omni.Runtime;
using R1Omni.SynthEmo;
using R1Omni.Training.Grpo;

namespace R1Omni.Reproduce;

/// <summary>One GRPO variant of the beyond-the-paper comparison at one seed (percentages, except the drop in nats).</summary>
public sealed record BeyondRow(int Seed, string Variant, double IdUar, double OodUar, double FaceFaithfulness, double VoiceFaithfulness,
                               double Consistency, double AudioPairAccuracy, double AudioDrop)
{
    public IReadOnlyList<double> Values => [IdUar, OodUar, FaceFaithfulness, VoiceFaithfulness, Consistency, AudioPairAccuracy, AudioDrop];
}

/// <summary>
/// Beyond the paper, on the miniature: plain GRPO (the main stage) against GRPO with the verifiable rationale rewards
/// (<c>cue_faithfulness</c> + <c>consistency</c>) and GRPO with the voice-cue reward (<c>voice_cues</c>, aimed at the
/// paper's limitation that audio is used less than video), all from the same cold start at each seed. Per variant: UAR
/// in and out of distribution, rationale faithfulness (face, voice) and consistency, accuracy on the pair only audio
/// separates (angry/disgust), and the audio contribution (mean drop of the answer's log-probability when the audio is
/// removed, <see cref="ModalityContribution"/>).
/// </summary>
public static class BeyondThePaper
{
    public const string Plain = "plain GRPO", RationaleRewards = "+ rationale rewards", VoiceRewards = "+ voice-cue reward";

    public static IReadOnlyList<string> Columns { get; } =
        ["id_uar", "ood_uar", "id_face_faithfulness", "id_voice_faithfulness", "id_consistency", "id_audio_pair_acc", "audio_drop_nats"];

    /// <summary>The three variants as GRPO ablations of the rewards (the plain one is the main GRPO stage).</summary>
    public static IReadOnlyList<(string Name, GrpoAblation Ablation)> Variants { get; } = GrpoAblations.Rewards(
        [
            RewardFunctions.Default,
            [.. RewardFunctions.Default, CueFaithfulnessReward.RewardName, ConsistencyReward.RewardName],
            [.. RewardFunctions.Default, VoiceCueReward.RewardName],
        ]).Zip([Plain, RationaleRewards, VoiceRewards], (a, n) => (n, a)).ToList();

    /// <summary>Trains (or reuses) the cold start and the three variants of one seed's run folder and measures them.</summary>
    public static IReadOnlyList<BeyondRow> Run(MiniatureRun run, TextWriter log)
    {
        string from = run.TrainColdStartSft();
        var rows = new List<BeyondRow>();
        foreach (var (name, ablation) in Variants)
        {
            var trained = GrpoAblations.Run(run, ablation, "test_id", from);
            string model = ablation.RunName;
            using var session = run.LoadSession(trained.Checkpoint);
            var ood = run.Evaluate(session, model, "test_ood");
            var rationale = MiniatureReproduction.Rationale(run, model, "test_id");
            var (_, contribution) = ModalityContribution.Run(session, run.Manifest("test_id"), run.InstructFor(model),
                session.DefaultOptions(run.Preset.EvalMaxNewTokens), Path.Combine(run.Folder, "analysis", "modality-contribution", model), log);
            rows.Add(new BeyondRow(run.Seed, name, trained.Evaluation.Uar, ood.Uar, 100 * rationale.Rationale.FaceFaithfulness,
                                   100 * rationale.Rationale.VoiceFaithfulness, 100 * rationale.Rationale.Consistency,
                                   100 * rationale.AudioPairAccuracy, contribution.MeanAudioDrop));
            log.WriteLine($"[beyond] seed {run.Seed} {name}: {string.Join(", ", Columns.Zip(rows[^1].Values, (c, v) => $"{c} {F(v)}"))}");
        }
        return rows;
    }

    /// <summary>Every row, then mean and sd per variant and column (rows.csv, summary.csv).</summary>
    public static void Write(string dir, IReadOnlyList<BeyondRow> rows)
    {
        var all = new StringBuilder("seed,variant," + string.Join(",", Columns) + "\n");
        foreach (var r in rows) all.AppendLine(string.Join(",", [r.Seed.ToString(CultureInfo.InvariantCulture), r.Variant, .. r.Values.Select(F)]));
        AtomicFile.WriteAllText(Path.Combine(dir, "rows.csv"), all.ToString());
        var summary = new StringBuilder("variant,seeds," + string.Join(",", Columns.SelectMany(c => new[] { c + "_mean", c + "_sd" })) + "\n");
        foreach (var g in rows.GroupBy(r => r.Variant))
            summary.AppendLine(string.Join(",", [g.Key, string.Join(" ", g.Select(r => r.Seed)),
                .. Enumerable.Range(0, Columns.Count).SelectMany(c => { var v = Column(g, c); return new[] { F(SeedSummary.Mean(v)), F(SeedSummary.Sd(v)) }; })]));
        AtomicFile.WriteAllText(Path.Combine(dir, "summary.csv"), summary.ToString());
    }

    /// <summary>One difference of an intervention from plain GRPO: paired per seed, its mean and sd, and at how many seeds it is positive.</summary>
    public sealed record Change(string Variant, string Column, IReadOnlyList<double> Differences)
    {
        public double Mean => SeedSummary.Mean(Differences);
        public double Sd => SeedSummary.Sd(Differences);
        public int Positive => Differences.Count(d => d > 0);
    }

    /// <summary>Each intervention minus plain GRPO, per column, over the seeds where both were measured.</summary>
    public static IReadOnlyList<Change> Changes(IReadOnlyList<BeyondRow> rows)
    {
        var plain = rows.Where(r => r.Variant == Plain).ToDictionary(r => r.Seed);
        return rows.Where(r => r.Variant != Plain).GroupBy(r => r.Variant).SelectMany(g => Enumerable.Range(0, Columns.Count).Select(c =>
            new Change(g.Key, Columns[c], g.Where(r => plain.ContainsKey(r.Seed)).Select(r => r.Values[c] - plain[r.Seed].Values[c])
                                            .Where(double.IsFinite).ToList()))).ToList();
    }

    /// <summary>
    /// The written conclusion, computed from the numbers: for each intervention and column, the mean change ± sd over
    /// the seeds and at how many it was positive; a change counts as "helped" only when positive at every seed.
    /// </summary>
    public static string Conclusion(IReadOnlyList<BeyondRow> rows)
    {
        var text = new StringBuilder();
        foreach (var g in Changes(rows).GroupBy(c => c.Variant))
        {
            text.AppendLine($"{g.Key} vs {Plain}:");
            foreach (var c in g)
            {
                string verdict = c.Differences.Count == 0 ? "not measured"
                    : c.Positive == c.Differences.Count ? "higher at every seed" : c.Positive == 0 ? "lower or equal at every seed" : $"higher at {c.Positive} of {c.Differences.Count} seeds";
                text.AppendLine($"  {c.Column}: {F(c.Mean, "+0.0;-0.0;0.0")} ± {F(c.Sd)} ({verdict})");
            }
        }
        return text.ToString();
    }

    /// <summary>The mean ± sd table, one row per variant.</summary>
    public static PlotlyFigure Table(string title, IReadOnlyList<BeyondRow> rows) =>
        TableChart.Create(title, ["variant", "seeds", .. Columns], rows.GroupBy(r => r.Variant).Select(g => (IReadOnlyList<string>)
            [g.Key, g.Count().ToString(CultureInfo.InvariantCulture),
             .. Enumerable.Range(0, Columns.Count).Select(c => { var v = Column(g, c); return $"{F(SeedSummary.Mean(v))} ± {F(SeedSummary.Sd(v))}"; })]).ToList());

    /// <summary>Mean per variant of the percentage columns, grouped by column.</summary>
    public static PlotlyFigure Bars(string title, IReadOnlyList<BeyondRow> rows)
    {
        var percent = Enumerable.Range(0, Columns.Count - 1).ToList();   // the last column is in nats
        return BarChart.Grouped(title, percent.Select(c => Columns[c]).ToList(),
            rows.GroupBy(r => r.Variant).Select(g => new BarSeries(g.Key, percent.Select(c => SeedSummary.Mean(Column(g, c))).ToList())).ToList(),
            "percent (mean over seeds)", yMax: 100);
    }

    static List<double> Column(IEnumerable<BeyondRow> rows, int c) => rows.Select(r => r.Values[c]).Where(double.IsFinite).ToList();

    static string F(double v) => F(v, "F2");
    static string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "";
}
