using System.Reflection;

namespace R1Omni.Cli;

/// <summary>Finds every <see cref="ICommand"/> in the library and dispatches `r1omni COMMAND ...`.</summary>
public static class CommandRegistry
{
    public static IReadOnlyList<ICommand> All { get; } = typeof(ICommand).Assembly.GetTypes()
        .Where(t => typeof(ICommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (ICommand)Activator.CreateInstance(t)!)
        .OrderBy(c => c.Name, StringComparer.Ordinal)
        .ToList();

    public static string Help()
    {
        var w = new StringWriter();
        w.WriteLine("r1omni — the R1-Omni workbench (HumanOmni / R1-Omni in C# + TorchSharp)");
        w.WriteLine();
        w.WriteLine("usage: environment/r1omni COMMAND [options]    (environment/r1omni COMMAND --help for its options)");
        w.WriteLine();
        w.WriteLine("commands:");
        int width = All.Max(c => c.Name.Length);
        foreach (var c in All) w.WriteLine($"  {c.Name.PadRight(width)}  {c.Summary}");
        return w.ToString();
    }

    public static int Main(string[] argv, TextWriter stdout, TextWriter stderr)
    {
        if (argv.Length == 0 || argv[0] is "--help" or "-h" or "help")
        {
            if (argv.Length > 1 && argv[0] == "help") return Main([argv[1], "--help"], stdout, stderr);
            stdout.Write(Help());
            return argv.Length == 0 ? 2 : 0;
        }
        var cmd = All.FirstOrDefault(c => c.Name == argv[0]);
        if (cmd is null)
        {
            stderr.WriteLine($"r1omni: unknown command '{argv[0]}'");
            stderr.Write(Help());
            return 2;
        }
        if (argv.Skip(1).Any(a => a is "--help" or "-h")) { stdout.WriteLine(cmd.Usage.TrimEnd()); return 0; }
        try
        {
            return cmd.Run(new CommandArgs(cmd.Name, argv[1..], stdout, stderr));
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"r1omni {e.Message}");
            return 2;
        }
        catch (R1OmniException e)
        {
            stderr.WriteLine($"r1omni {cmd.Name}: error: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk or a failing file system anywhere in a run: results are written atomically or append-only
            // (a torn last line is dropped on resume), so the folder stays readable and the command can be run again.
            stderr.WriteLine($"r1omni {cmd.Name}: error: I/O failure: {e.Message.ReplaceLineEndings(" ")}. Nothing half-written is kept as a result; " +
                             "fix the cause (e.g. free space) and run the command again: it resumes");
            return 1;
        }
    }
}
