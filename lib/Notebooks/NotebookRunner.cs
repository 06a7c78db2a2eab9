using System.Diagnostics;
using System.Globalization;

namespace R1Omni.Notebooks;

/// <summary>
/// Executes notebooks top to bottom, headless, with the kernel users run (<c>jupyter nbconvert --execute</c> through
/// the dotnet-interactive C# kernel) and writes each executed copy, outputs included, into a run folder. Every cell
/// runs even after one fails (<c>--allow-errors</c>), so the executed copy shows all of it; a notebook with any error
/// output has failed.
/// </summary>
public sealed class NotebookRunner(NotebookEnvironment environment, TextWriter log)
{
    /// <summary>Longest a single cell may run.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Longest a whole notebook (kernel start included) may take before its process tree is killed.</summary>
    public TimeSpan NotebookTimeout { get; init; } = TimeSpan.FromMinutes(20);
    /// <summary>Environment variables for the kernel (e.g. R1OMNI_RUN, which the training notebooks read), over this process's.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    public NotebookRunResult Run(string notebook, string outDir)
    {
        notebook = Path.GetFullPath(notebook);
        if (!File.Exists(notebook)) throw new R1OmniException($"{notebook}: notebook not found");
        outDir = Path.GetFullPath(outDir);
        Directory.CreateDirectory(outDir);
        string name = Path.GetFileNameWithoutExtension(notebook);
        string output = Path.Combine(outDir, name + ".ipynb"), logPath = Path.Combine(outDir, name + ".log");
        File.Delete(output);

        var start = new ProcessStartInfo(environment.Jupyter)
        {
            WorkingDirectory = Path.GetDirectoryName(notebook)!,  // relative paths in cells (#r "../...") resolve from the notebook
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
                $"--ExecutePreprocessor.kernel_name={NotebookEnvironment.KernelName}",
                $"--ExecutePreprocessor.timeout={(int)CellTimeout.TotalSeconds}",
                "--ExecutePreprocessor.startup_timeout=120",
                "--output-dir", outDir, "--output", name, notebook,
            },
        };
        environment.Apply(start);
        foreach (var (variable, value) in Variables) start.Environment[variable] = value;
        log.WriteLine($"[notebooks] {name}: running");
        var clock = Stopwatch.StartNew();
        int exitCode;
        using (var process = Process.Start(start) ?? throw new R1OmniException($"could not start {environment.Jupyter}"))
        using (var logFile = new StreamWriter(logPath))
        {
            var gate = new object();
            void Line(string? line) { if (line is not null) lock (gate) logFile.WriteLine(line); }
            process.OutputDataReceived += (_, e) => Line(e.Data);
            process.ErrorDataReceived += (_, e) => Line(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(NotebookTimeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                Line($"[notebooks] killed after {NotebookTimeout.TotalSeconds:F0} s");
                exitCode = -1;
            }
            else
            {
                process.WaitForExit();  // drains the redirected streams
                exitCode = process.ExitCode;
            }
        }
        double seconds = clock.Elapsed.TotalSeconds;
        if (!File.Exists(output))
            return Report(new NotebookRunResult(notebook, null, logPath, seconds, exitCode, [], []));
        var executed = NotebookDocument.Load(output);
        return Report(new NotebookRunResult(notebook, output, logPath, seconds, exitCode, executed.Errors(), executed.Timings()));
    }

    NotebookRunResult Report(NotebookRunResult result)
    {
        log.WriteLine($"[notebooks] {result}");
        foreach (var error in result.Errors.Skip(1).Take(4)) log.WriteLine($"[notebooks]   also {error}");
        foreach (var slow in result.Timings.OrderByDescending(t => t.Seconds).Take(3).Where(t => t.Seconds >= 1))
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[notebooks]   cell {slow.Cell} took {slow.Seconds:F1} s ({slow.Source})"));
        return result;
    }
}
