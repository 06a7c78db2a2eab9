using System.Globalization;

namespace R1Omni.Training;

/// <summary>
/// The <c>checkpoint-N/</c> folders of a run. A checkpoint is written into <c>checkpoint-N.tmp/</c> and renamed when
/// complete, so a killed run leaves either a whole checkpoint or a <c>.tmp</c> folder that resuming ignores and removes.
/// </summary>
public static class RunCheckpoints
{
    public const string Prefix = "checkpoint-";
    public const string TempSuffix = ".tmp";

    /// <summary>Writes checkpoint <paramref name="step"/> with <paramref name="write"/> (given the folder to fill), then
    /// keeps only the newest <paramref name="keepLast"/> (0 keeps all). Returns the final folder.</summary>
    public static string Save(string runDir, int step, Action<string> write, int keepLast)
    {
        string final = Path.Combine(runDir, Prefix + step.ToString(CultureInfo.InvariantCulture));
        string temp = final + TempSuffix;
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        write(temp);
        if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
        Directory.Move(temp, final);
        if (keepLast > 0)
            foreach (var (_, old) in List(runDir).SkipLast(keepLast)) Directory.Delete(old, recursive: true);
        return final;
    }

    /// <summary>Complete checkpoints (folders named checkpoint-N holding a trainer state), oldest first.</summary>
    public static IReadOnlyList<(int Step, string Path)> List(string runDir)
    {
        if (!Directory.Exists(runDir)) return [];
        return Directory.EnumerateDirectories(runDir, Prefix + "*")
            .Select(d => (Name: Path.GetFileName(d), Path: d))
            .Where(d => int.TryParse(d.Name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out _) &&
                        File.Exists(System.IO.Path.Combine(d.Path, TrainerState.FileName)))
            .Select(d => (int.Parse(d.Name.AsSpan(Prefix.Length), CultureInfo.InvariantCulture), d.Path))
            .OrderBy(d => d.Item1).ToList();
    }

    /// <summary>The newest complete checkpoint, or null.</summary>
    public static string? Latest(string runDir) => List(runDir) is { Count: > 0 } all ? all[^1].Path : null;

    /// <summary>Deletes <c>checkpoint-N.tmp/</c> folders that a killed run left behind.</summary>
    public static void RemoveIncomplete(string runDir)
    {
        if (!Directory.Exists(runDir)) return;
        foreach (string d in Directory.EnumerateDirectories(runDir, Prefix + "*" + TempSuffix)) Directory.Delete(d, recursive: true);
    }
}
