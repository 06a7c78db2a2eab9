namespace R1Omni.Runtime;

/// <summary>
/// Writes a file under a temporary name in the same folder and renames it into place, so readers never see half a
/// file and a crash leaves either the old file or the new one. The temporary file is removed when writing fails.
/// </summary>
public static class AtomicFile
{
    /// <summary>Calls <paramref name="write"/> with a temporary path next to <paramref name="path"/>, then renames it into place.</summary>
    public static void Write(string path, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes through a stream opened on the temporary file.</summary>
    public static void Write(string path, Action<Stream> write) => Write(path, (string temp) =>
    {
        using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        write(stream);
        stream.Flush(flushToDisk: true);
    });

    public static void WriteAllText(string path, string text) => Write(path, (string temp) => File.WriteAllText(temp, text));

    public static void WriteAllLines(string path, IEnumerable<string> lines) => Write(path, (string temp) => File.WriteAllLines(temp, lines));
}
