using System.Globalization;

namespace R1Omni.Training;

/// <summary>
/// The <c>checkpoint-N/</c> folders of a run. A checkpoint is written into <c>checkpoint-N.tmp/</c> and renamed when
/// complete, and renamed to <c>checkpoint-N.deleting/</c> before it is pruned, so a killed run leaves whole checkpoints
/// and <c>.tmp</c> or <c>.deleting</c> folders that resuming ignores and removes — never a half-deleted checkpoint
/// under its own name.
/// </summary>
public static class RunCheckpoints
{
    public const string Prefix = "checkpoint-";
    public const string TempSuffix = ".tmp", DeletingSuffix = ".deleting";

    /// <summary>Writes checkpoint <paramref name="step"/> with <paramref name="write"/> (given the folder to fill), then
    /// keeps only the newest <paramref name="keepLast"/> (0 keeps all). Returns the final folder. A write that fails
    /// (a full disk) removes the partial copy and ends in one named error; the earlier checkpoints stay as they were.</summary>
    public static string Save(string runDir, int step, Action<string> write, int keepLast)
    {
        string final = Path.Combine(runDir, Prefix + step.ToString(CultureInfo.InvariantCulture));
        string temp = final + TempSuffix;
        try
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            Directory.CreateDirectory(temp);
            write(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true); }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { /* resuming removes it */ }
            string? latest = Latest(runDir);
            throw new R1OmniException($"{final}: the checkpoint could not be written ({e.Message}); its partial copy is discarded. " +
                                      $"Free space (or lower save_total_limit) and resume (--resume) from {(latest is null ? "the start" : Path.GetFileName(latest))}", e);
        }
        if (Directory.Exists(final)) Remove(final);
        Directory.Move(temp, final);
        if (keepLast > 0)
            foreach (var (_, old) in List(runDir).SkipLast(keepLast)) Remove(old);
        return final;
    }

    /// <summary>Renames a checkpoint out of the list first (one atomic step), then deletes it.</summary>
    static void Remove(string checkpoint)
    {
        string deleting = checkpoint + DeletingSuffix;
        if (Directory.Exists(deleting)) Directory.Delete(deleting, recursive: true);
        Directory.Move(checkpoint, deleting);
        Directory.Delete(deleting, recursive: true);
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

    /// <summary>Deletes the <c>checkpoint-N.tmp/</c> and <c>checkpoint-N.deleting/</c> folders that a killed run left behind.</summary>
    public static void RemoveIncomplete(string runDir)
    {
        if (!Directory.Exists(runDir)) return;
        foreach (string suffix in new[] { TempSuffix, DeletingSuffix })
            foreach (string d in Directory.EnumerateDirectories(runDir, Prefix + "*" + suffix)) Directory.Delete(d, recursive: true);
    }
}
