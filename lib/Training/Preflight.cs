namespace R1Omni.Training;

/// <summary>Checks made before training starts, so a run does not fail hours in at its first checkpoint.</summary>
public static class Preflight
{
    /// <summary>
    /// The run folder can be created and written, and its file system has room for one checkpoint of
    /// <paramref name="checkpointBytes"/> (plus a quarter for metadata and the temporary copy's slack).
    /// </summary>
    public static void CheckOutputFolder(string runDir, long checkpointBytes)
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
        long needed = checkpointBytes + checkpointBytes / 4;
        long free = new DriveInfo(Path.GetFullPath(runDir)).AvailableFreeSpace;
        if (free < needed)
            throw new R1OmniException($"output_dir '{runDir}': {Gib(free)} free, but one checkpoint needs about {Gib(needed)} " +
                                      "(model weights in fp32 plus AdamW's two moments); free some space or choose another folder");
    }

    static string Gib(long bytes) => $"{bytes / (1024.0 * 1024 * 1024):F2} GiB";
}
