using R1Omni.Notebooks;
using R1Omni.Reproduce;
using R1Omni.Runtime;

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
        usage: environment/r1omni reproduce [--preset quick|default[-rlN][-ptN]] [--seed N | --seeds N,N,...] [--out DIR] [--no-notebooks]
          Generates SynthEmo, pretrains the HumanOmni-0.5B analogue from scratch on instruction data, runs cold-start
          SFT (EMER-SFT analogue) and label-only SFT (MAFW-DFEW-SFT analogue) from it and GRPO from the cold start
          (R1-Omni analogue), evaluates the four models on the in-distribution and out-of-distribution test splits,
          and writes into DIR (default runs/reproduce-PRESET, -seedN added for N ≠ 0):
            results.csv              model, id_war, id_uar, ood_war, ood_uar, then per split (id_, ood_): face_faithfulness,
                                     voice_faithfulness, consistency, audio_pair_acc, video_pair_acc (all percent)
            eval/MODEL/SPLIT/        predictions.jsonl, metrics.json, rationale.json (per-item rationale scores)
            figures/                 WAR/UAR bars, ID vs OOD, per-class recall, confusions, GRPO curves and the learning probe (HTML, PNG, SVG);
                                     figures/NN-name/ holds each executed notebook's charts (HTML)
            eval/, runs/, models/    predictions and metrics, training runs, checkpoints
            notebooks/               the executed notebooks, outputs included: 03-cold-start-sft, 04-rlvr-grpo,
                                     06-ravdess-ood, 07-paper-table (--no-notebooks skips them)
          --preset default-rlN: the default preset with N rl_train clips per class instead of 64 (label-only SFT and
          GRPO take proportionally more or fewer steps, the probe is measured as many times; every other split is the same).
          --preset default-ptN: N pretrain clips per class instead of 64 (the base, and every stage after it, changes;
          every other split is the same); after -rlN when both are given.
          Rerunning resumes: finished stages are skipped, interrupted training continues from its checkpoint.
          --seeds runs each seed into its own folder (DIR/seed-N, or the default folder of each seed) and writes
          summary.csv (mean and sd per model and column), claims.csv (the paper's claims at every seed) and probe.csv
          (GRPO's learning probe, first vs last fifth, per seed) into DIR (default runs/reproduce-PRESET-seeds).
        """;

    public int Run(CommandArgs args)
    {
        string presetName = args.Get("preset", "default");
        ReproducePreset.Named(presetName, 0);   // an unknown name stops here, before any folder is made
        if (args.Optional("seeds") is { } list) return RunSeeds(args, presetName, ParseSeeds(list));
        int seed = args.GetInt("seed", 0);
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

    static int[] ParseSeeds(string list)
    {
        var seeds = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) ? n
                : throw new UsageException($"reproduce: --seeds takes integers separated by commas, got '{s}'")).ToArray();
        if (seeds.Length < 2 || seeds.Distinct().Count() != seeds.Length) throw new UsageException("reproduce: --seeds needs at least two different seeds");
        return seeds;
    }

    // Each seed into its own folder, then the summary over them; the notebooks are left to single-seed runs.
    static int RunSeeds(CommandArgs args, string presetName, int[] seeds)
    {
        if (args.Has("seed")) throw new UsageException("reproduce: give --seed or --seeds, not both");
        string? root = args.Optional("out") is { } o ? Path.GetFullPath(o) : null;
        args.Flag("no-notebooks");
        args.EnsureAllUsed();
        var results = new List<(int, IReadOnlyList<ReproductionRow>, string)>();
        foreach (int seed in seeds)
        {
            string dir = root is null ? MiniatureRun.DefaultFolder(presetName, seed) : Path.Combine(root, $"seed-{seed}");
            args.Out.WriteLine($"[reproduce] preset {presetName}, seed {seed}, run folder {dir}");
            var rows = MiniatureReproduction.Run(dir, ReproducePreset.Named(presetName, seed), seed, args.Out);
            results.Add((seed, rows, Path.Combine(dir, "runs", "grpo")));
        }
        string summary = root ?? Path.Combine(AppPaths.RepoRoot, "runs", $"reproduce-{presetName}-seeds");
        SeedSummary.Write(summary, results);
        foreach (string file in new[] { SeedSummary.SummaryFile, SeedSummary.ClaimsFile, SeedSummary.ProbeFile })
        {
            args.Out.WriteLine($"[reproduce] {Path.Combine(summary, file)}:");
            args.Out.Write(File.ReadAllText(Path.Combine(summary, file)));
        }
        return 0;
    }
}
