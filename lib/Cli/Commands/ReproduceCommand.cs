using R1Omni.Notebooks;
using R1Omni.Reproduce;

namespace R1Omni.Cli.Commands;

/// <summary>`r1omni reproduce`: the paper's table in miniature, the workbench's main job.</summary>
public sealed class ReproduceCommand : ICommand
{
    /// <summary>
    /// The notebooks the main job executes against its finished run folder (R1OMNI_RUN, R1OMNI_PRESET and R1OMNI_SEED
    /// name it), in this order; each only reads what the stages wrote.
    /// </summary>
    public static readonly IReadOnlyList<string> ReportNotebooks =
    [
        "03-cold-start-sft",
        "04-rlvr-grpo",
        "06-ravdess-ood",
        "07-paper-table",
    ];

    public string Name => "reproduce";
    public string Summary => "the paper's table in miniature: SynthEmo → base, cold-start SFT, label SFT, GRPO → results.csv";
    public string Usage => """
        usage: environment/r1omni reproduce [--preset quick|default] [--seed N] [--out DIR] [--no-notebooks]
          Generates SynthEmo, writes the tiny base model, runs cold-start SFT (EMER-SFT analogue), label-only SFT
          (MAFW-DFEW-SFT analogue) and GRPO from the cold start (R1-Omni analogue), evaluates the four models on the
          in-distribution and out-of-distribution test splits, and writes into DIR (default runs/reproduce-PRESET, -seedN added for N ≠ 0):
            results.csv              model,id_war,id_uar,ood_war,ood_uar (percent)
            figures/                 WAR/UAR bars, ID vs OOD, per-class recall, confusions, GRPO curves (HTML; PNG with chromium);
                                     figures/NN-name/ holds each executed notebook's charts (HTML)
            eval/, runs/, models/    predictions and metrics, training runs, checkpoints
            notebooks/               the executed notebooks, outputs included: 03-cold-start-sft, 04-rlvr-grpo,
                                     06-ravdess-ood, 07-paper-table (--no-notebooks skips them)
          Rerunning resumes: finished stages are skipped, interrupted training continues from its checkpoint.
        """;

    public int Run(CommandArgs args)
    {
        int seed = args.GetInt("seed", 0);
        string presetName = args.Choice("preset", "default", "quick", "default");
        string outDir = Path.GetFullPath(args.Get("out", MiniatureRun.DefaultFolder(presetName, seed)));
        bool notebooks = !args.Flag("no-notebooks");
        args.EnsureAllUsed();
        args.Out.WriteLine($"[reproduce] preset {presetName}, seed {seed}, run folder {outDir}");
        MiniatureReproduction.Run(outDir, ReproducePreset.Named(presetName, seed), seed, args.Out);
        if (!notebooks) return 0;
        var runner = new NotebookRunner(NotebookEnvironment.Locate(), args.Error)
        {
            Variables = new Dictionary<string, string>
            {
                ["R1OMNI_RUN"] = outDir, ["R1OMNI_PRESET"] = presetName, ["R1OMNI_SEED"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        bool succeeded = true;
        foreach (string notebook in NotebookCatalog.Resolve(ReportNotebooks))
        {
            var result = runner.Run(notebook, Path.Combine(outDir, "notebooks"));
            args.Out.WriteLine(result);
            succeeded &= result.Succeeded;
        }
        return succeeded ? 0 : 1;
    }
}
