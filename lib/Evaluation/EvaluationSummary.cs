using Microsoft.Data.Analysis;
using R1Omni.Data;

namespace R1Omni.Evaluation;

/// <summary>What one <see cref="EvaluationRunner.Run"/> did: items dropped up front, skipped as already done,
/// generated now, and the scores per source and mode.</summary>
public sealed record EvaluationSummary
{
    public required int Total { get; init; }
    public ValidationReport? Validation { get; init; }
    public int Dropped { get; init; }
    public int Resumed { get; init; }
    public int Generated { get; init; }
    /// <summary>Items that have predictions but no label (not scored).</summary>
    public int Unlabelled { get; init; }
    /// <summary>Items recorded as errors (their clip could not be run); not scored.</summary>
    public int Errors { get; init; }
    public required IReadOnlyList<EvaluationScore> Scores { get; init; }

    /// <summary>One row per (source, mode): n, WAR, UAR, out-of-label count, and the source's errors (items not in n).</summary>
    public static DataFrame Frame(IReadOnlyList<EvaluationScore> scores) => new(
        new StringDataFrameColumn("source", scores.Select(s => s.Source)),
        new StringDataFrameColumn("mode", scores.Select(s => AnswerExtraction.Name(s.Mode))),
        new Int64DataFrameColumn("n", scores.Select(s => (long)s.Metrics.N)),
        new DoubleDataFrameColumn("war", scores.Select(s => s.Metrics.War)),
        new DoubleDataFrameColumn("uar", scores.Select(s => s.Metrics.Uar)),
        new Int64DataFrameColumn("out_of_label", scores.Select(s => (long)s.Metrics.OutOfLabel.Sum(kv => kv.Value))),
        new Int64DataFrameColumn("errors", scores.Select(s => (long)s.Errors)));
}
