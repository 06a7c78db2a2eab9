namespace R1Omni.Notebooks;

/// <summary>
/// One headless run of a notebook: the executed copy (with outputs) and nbconvert's log in the run folder, the wall
/// time, the failed cells and per-cell timings. A notebook that could not be executed at all (the kernel did not start
/// or died) has a non-zero exit code and no output notebook.
/// </summary>
public sealed record NotebookRunResult(string Notebook, string? Output, string Log, double Seconds, int ExitCode,
                                       IReadOnlyList<NotebookCellError> Errors, IReadOnlyList<NotebookCellTiming> Timings)
{
    public string Name => Path.GetFileNameWithoutExtension(Notebook);
    public bool Succeeded => ExitCode == 0 && Output is not null && Errors.Count == 0;

    /// <summary>Wall time not spent in cells: starting the kernel and nbconvert, and shutting them down.</summary>
    public double OverheadSeconds => Seconds - Timings.Sum(t => t.Seconds);

    public override string ToString() =>
        Succeeded ? $"{Name}: ok in {Seconds:F1} s (cells {Timings.Sum(t => t.Seconds):F1} s, kernel start and shutdown {OverheadSeconds:F1} s)"
        : Output is null ? $"{Name}: FAILED, nbconvert exited with {ExitCode} without writing a notebook; see {Log}"
        : $"{Name}: FAILED in {Seconds:F1} s, {Errors.Count} cell error(s), first {Errors[0]}; see {Output}";
}
