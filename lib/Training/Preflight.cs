namespace R1Omni.Training;

/// <summary>Checks made before training starts, so a run does not fail hours in at its first checkpoint.</summary>
public static class Preflight
{
    /// <summary>
    /// The run folder can be created and written, and its file system has room for the <paramref name="copies"/>
    /// checkpoints of <paramref name="checkpointBytes"/> still to be added (plus a quarter for metadata and slack).
    /// </summary>
    public static void CheckOutputFolder(string runDir, long checkpointBytes, int copies = 1, string why = "one checkpoint")
    {
        try
        {
            Directory.CreateDirectory(runDir);
            string probe = Path.Combine(runDir, $".write-probe-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new R1OmniException($"output_dir '{runDir}' is not writable ({e.Message}); choose another folder or fix its permissions", e);
        }
        copies = Math.Max(1, copies);
        long one = checkpointBytes + checkpointBytes / 4, needed = one > long.MaxValue / copies ? long.MaxValue : one * copies;
        long free = new DriveInfo(Path.GetFullPath(runDir)).AvailableFreeSpace;
        if (free < needed)
            throw new R1OmniException($"output_dir '{runDir}': {Gib(free)} free, but the run needs room for {why}: about {Gib(needed)} " +
                                      $"({Gib(one)} each: model weights in fp32 plus AdamW's two moments); free some space, lower save_total_limit or choose another folder");
    }

    /// <summary>
    /// How many more checkpoints a run's folder must hold at its fullest, and why: a new checkpoint is written before
    /// the oldest is pruned, so <c>save_total_limit</c> + 1 exist at once (every save, without a limit), less those
    /// already there.
    /// </summary>
    public static (int Copies, string Why) CheckpointBudget(int saveTotalLimit, int saveSteps, int totalSteps, int existing)
    {
        int saves = (totalSteps + saveSteps - 1) / saveSteps;   // every save_steps, and the last step
        int peak = saveTotalLimit > 0 ? Math.Min(saveTotalLimit + 1, saves) : saves;
        int copies = Math.Max(1, peak - existing);
        string why = saveTotalLimit > 0
            ? $"{copies} more checkpoint{(copies == 1 ? "" : "s")} (save_total_limit {saveTotalLimit} + the one being written, {existing} already there)"
            : $"{copies} more checkpoint{(copies == 1 ? "" : "s")} (every save is kept: save_total_limit 0, {existing} already there)";
        return (copies, why);
    }

    static string Gib(long bytes) => $"{bytes / (1024.0 * 1024 * 1024):F2} GiB";
}
