using R1Omni.Data;
using R1Omni.Evaluation;

namespace R1Omni.Cli.Commands;

/// <summary>`r1omni score`: (re)computes WAR/UAR from a predictions.jsonl, e.g. in another mode or with synonyms.</summary>
public sealed class ScoreCommand : ICommand
{
    public string Name => "score";
    public string Summary => "compute WAR/UAR, per-class recall and confusion matrices from predictions.jsonl";
    public string Usage => """
        usage: environment/r1omni score --predictions FILE --out DIR [--modes answer,raw] [--labels dfew|mafw|ravdess|FILE]
                                        [--synonyms] [--synonym-table FILE]
          Scores each source separately (spec §9.2) and writes DIR/summary.csv and DIR/{source}/{mode}/{metrics.json,
          per_class.csv, confusion.csv}.
          --modes         answer (first <answer>…</answer> group) and/or raw (response.lstrip(), as released); default both
          --labels SET    label set for every source (default: the built-in set of dfew/mafw/ravdess, else the labels seen)
          --synonyms      normalise predictions with data/labels/synonyms.json (off by default; recorded in metrics.json)
          --synonym-table FILE  normalise with this table instead
        """;

    public int Run(CommandArgs args) => Run(args, args.Out);

    public int Run(CommandArgs args, TextWriter output)
    {
        string predictions = args.Required("predictions"), outDir = args.Required("out");
        var modes = args.Get("modes", "answer,raw").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(AnswerExtraction.ParseMode).Distinct().ToList();
        string? labels = args.Optional("labels");
        bool synonyms = args.Flag("synonyms");
        string? table = args.Optional("synonym-table");
        args.EnsureAllUsed();
        if (modes.Count == 0) throw new UsageException("score: --modes needs at least one of answer, raw");

        var records = PredictionStore.ReadAll(predictions, output);
        var map = labels is null ? null : LabelMap.Load(labels);
        var options = new EvaluationOptions
        {
            Modes = modes,
            Synonyms = table is not null ? SynonymTable.Read(table) : synonyms ? SynonymTable.Default() : null,
            LabelSets = map is null ? null : records.Select(r => r.Source).Distinct().ToDictionary(s => s, _ => map),
            Progress = output,
        };
        var scores = EvaluationRunner.Score(records, outDir, options);
        if (scores.Count == 0) throw new R1OmniException($"{predictions}: no labelled predictions to score");
        output.WriteLine($"wrote {Path.Combine(outDir, "summary.csv")}");
        return 0;
    }
}
