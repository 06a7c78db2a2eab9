using R1Omni.Notebooks;
using R1Omni.Runtime;

namespace R1Omni.Cli.Commands;

/// <summary>`r1omni notebooks`: executes notebooks headless through the C# Jupyter kernel and saves them with outputs.</summary>
public sealed class NotebooksCommand : ICommand
{
    public string Name => "notebooks";
    public string Summary => "execute notebooks headless (jupyter nbconvert + the C# kernel), saving them with outputs";
    public string Usage => """
        usage: environment/run-notebooks [--out DIR] [--cell-timeout S] [--notebook-timeout S] [NAME...]
          NAME             a notebook number (01), name (01-data) or path; default: every numbered notebook in notebooks/
          --out DIR        run folder for the executed notebooks and logs (default runs/notebooks/<time>)
          --cell-timeout S longest a cell may run, in seconds (default 300)
          --notebook-timeout S  longest one notebook may run, in seconds (default 1200); a default-preset run of
                           05 or 08 trains for an hour or more and needs both raised
          Runs each notebook top to bottom in a fresh kernel. Exit code 0 when no cell of any notebook failed, 1 otherwise.
        """;

    public int Run(CommandArgs args)
    {
        string outDir = args.Get("out", Path.Combine(AppPaths.RepoRoot, "runs", "notebooks", DateTime.Now.ToString("yyyyMMdd-HHmmss")));
        int cellTimeout = args.GetInt("cell-timeout", 300), notebookTimeout = args.GetInt("notebook-timeout", 1200);
        args.EnsureAllUsed();
        if (cellTimeout < 1) throw new UsageException("notebooks: --cell-timeout must be at least 1 second");
        if (notebookTimeout < 1) throw new UsageException("notebooks: --notebook-timeout must be at least 1 second");
        var notebooks = NotebookCatalog.Resolve(args.Positional);
        var runner = new NotebookRunner(NotebookEnvironment.Locate(), args.Error) { CellTimeout = TimeSpan.FromSeconds(cellTimeout), NotebookTimeout = TimeSpan.FromSeconds(notebookTimeout) };
        var results = notebooks.Select(n => runner.Run(n, outDir)).ToList();
        foreach (var r in results) args.Out.WriteLine(r);
        int failed = results.Count(r => !r.Succeeded);
        args.Out.WriteLine($"notebooks: {results.Count - failed} of {results.Count} ran without errors in {results.Sum(r => r.Seconds):F1} s; executed copies in {Path.GetFullPath(outDir)}");
        return failed == 0 ? 0 : 1;
    }
}
