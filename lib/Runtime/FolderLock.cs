namespace R1Omni.Runtime;

/// <summary>
/// One writer per run or evaluation folder: an exclusive lock on <c>FOLDER/.lock</c>, held while the returned object
/// lives. .NET takes a file opened with <see cref="FileShare.None"/> with <c>flock(LOCK_EX)</c> on Unix (a share mode on
/// Windows), so the operating system releases the lock when the process ends, <c>kill -9</c> included: a lock file left
/// behind never blocks a later run. Who holds the lock is written to <c>FOLDER/.lock.owner</c> for the message the next
/// writer gets (the locked file itself cannot be read while held).
/// </summary>
public sealed class FolderLock : IDisposable
{
    public const string FileName = ".lock", OwnerFileName = ".lock.owner";
    readonly FileStream stream;

    FolderLock(FileStream stream) => this.stream = stream;

    /// <summary>Takes the folder's lock (creating the folder) or throws naming the folder and its current holder.</summary>
    /// <param name="what">What the folder is, for messages (e.g. "evaluation", "training run").</param>
    public static FolderLock Acquire(string? folder, string what)
    {
        if (string.IsNullOrWhiteSpace(folder)) throw new R1OmniException($"no {what} folder given (output_dir / --out)");
        string dir = Path.GetFullPath(folder);
        R1OmniException NotWritable(Exception e) =>
            new($"{what} folder '{dir}' is not writable ({e.Message}); choose another folder or fix its permissions", e);
        FileStream stream;
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(e);
        }
        try
        {
            stream = new FileStream(Path.Combine(dir, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw NotWritable(e);
        }
        catch (IOException e) when (File.Exists(Path.Combine(dir, FileName)))
        {
            string owner = File.Exists(Path.Combine(dir, OwnerFileName)) ? File.ReadAllText(Path.Combine(dir, OwnerFileName)).Trim() : "unknown";
            throw new R1OmniException($"{dir}: another process is writing to this {what} folder (lock {FileName} held; last taken by {owner}). " +
                                      "Wait for it to finish, or write to another folder.", e);
        }
        File.WriteAllText(Path.Combine(dir, OwnerFileName),
            $"process {Environment.ProcessId} on {Environment.MachineName} at {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} ({what})\n");
        return new FolderLock(stream);
    }

    public void Dispose() => stream.Dispose();
}
