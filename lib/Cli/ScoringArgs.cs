using R1Omni.Data;
using R1Omni.Evaluation;

namespace R1Omni.Cli;

/// <summary>The scoring options `score` and `evaluate` share.</summary>
public sealed record ScoringArgs(IReadOnlyList<AnswerMode> Modes, LabelMap? Labels, SynonymTable? Synonyms)
{
    public const string Help = """
          --modes         answer (first <answer>…</answer> group) and/or raw (response.lstrip(), as released); default both
          --labels SET    label set for every source (default: the built-in set of dfew/mafw/ravdess, else the labels seen)
          --synonyms      normalise predictions with data/labels/synonyms.json (off by default; recorded in metrics.json)
          --synonym-table FILE  normalise with this table instead
        """;

    public static ScoringArgs Parse(CommandArgs args)
    {
        var modes = args.Get("modes", "answer,raw").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(AnswerExtraction.ParseMode).Distinct().ToList();
        if (modes.Count == 0) throw new UsageException($"{args.Command}: --modes needs at least one of answer, raw");
        string? labels = args.Optional("labels");
        bool synonyms = args.Flag("synonyms");
        string? table = args.Optional("synonym-table");
        return new ScoringArgs(modes, labels is null ? null : LabelMap.Load(labels),
                               table is not null ? SynonymTable.Read(table) : synonyms ? SynonymTable.Default() : null);
    }

    /// <summary>Evaluation options for these settings; <paramref name="sources"/> are the sources a forced label set applies to.</summary>
    public EvaluationOptions Options(IEnumerable<string> sources, TextWriter progress) => new()
    {
        Modes = Modes,
        Synonyms = Synonyms,
        LabelSets = Labels is null ? null : sources.Distinct().ToDictionary(s => s, _ => Labels),
        Progress = progress,
    };
}
