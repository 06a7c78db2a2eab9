namespace R1Omni.Cli;

/// <summary>
/// Parsed `--name value` / `--flag` options of one command. Every option must be consumed; a leftover or
/// misspelled option is an error that names it, rather than being silently ignored.
/// </summary>
public sealed class CommandArgs
{
    readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    readonly HashSet<string> _used = new(StringComparer.Ordinal);
    public string Command { get; }
    public IReadOnlyList<string> Positional { get; }
    /// <summary>Where the command writes its results (stdout of the CLI).</summary>
    public TextWriter Out { get; }
    /// <summary>Where the command writes progress, warnings and timings (stderr of the CLI).</summary>
    public TextWriter Error { get; }

    public CommandArgs(string command, IReadOnlyList<string> args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        Command = command;
        Out = stdout ?? Console.Out;
        Error = stderr ?? Console.Error;
        var positional = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a == "--") { positional.Add(a); continue; }
            string name = a[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) value = args[++i];
            if (_options.ContainsKey(name)) throw new UsageException($"{command}: option --{name} given twice");
            _options[name] = value;
        }
        Positional = positional;
    }

    public bool Has(string name) { _used.Add(name); return _options.ContainsKey(name); }

    public bool Flag(string name)
    {
        if (!Has(name)) return false;
        string? v = _options[name];
        return v is null || v is "true" or "1" or "yes"
            ? true
            : v is "false" or "0" or "no" ? false : throw new UsageException($"{Command}: --{name} takes no value (got '{v}')");
    }

    public string? Optional(string name)
    {
        if (!Has(name)) return null;
        return _options[name] ?? throw new UsageException($"{Command}: --{name} needs a value");
    }

    public string Required(string name) =>
        Optional(name) ?? throw new UsageException($"{Command}: missing required option --{name}");

    public string Get(string name, string fallback) => Optional(name) ?? fallback;

    public int GetInt(string name, int fallback)
    {
        string? v = Optional(name);
        if (v is null) return fallback;
        return int.TryParse(v, out int r) ? r : throw new UsageException($"{Command}: --{name} expects an integer, got '{v}'");
    }

    public string Choice(string name, string fallback, params string[] allowed)
    {
        string v = Get(name, fallback);
        return allowed.Contains(v) ? v : throw new UsageException($"{Command}: --{name} must be one of {string.Join("|", allowed)}, got '{v}'");
    }

    /// <summary>Call after reading every option: unknown options are reported by name.</summary>
    public void EnsureAllUsed()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new UsageException($"{Command}: unknown option(s) {string.Join(", ", unknown.Select(u => "--" + u))}; see `r1omni {Command} --help`");
    }
}

/// <summary>A mistake in how a command was called; printed without a stack trace, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
