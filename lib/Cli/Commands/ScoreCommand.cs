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
          Scores each source separately (as eval_mafw_dfew.py groups them) and writes DIR/summary.csv and
          DIR/{source}/{mode}/{metrics.json, per_class.csv, confusion.csv}.
        """ + "\n" + ScoringArgs.Help;

    public int Run(CommandArgs args)
    {
        string predictions = args.Required("predictions"), outDir = args.Required("out");
        var scoring = ScoringArgs.Parse(args);
        args.EnsureAllUsed();
        var records = PredictionStore.ReadAll(predictions, args.Out);
        var scores = EvaluationRunner.Score(records, outDir, scoring.Options(records.Select(r => r.Source), args.Out));
        if (scores.Count == 0) throw new R1OmniException($"{predictions}: no labelled predictions to score");
        args.Out.WriteLine($"wrote {Path.Combine(outDir, "summary.csv")}");
        return 0;
    }
}
