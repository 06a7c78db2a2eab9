namespace R1Omni.Data;

/// <summary>
/// The default media check of <see cref="ManifestValidator"/>: the file opens and is not empty. A media layer can plug
/// in a decoder-based probe (e.g. ffprobe) through <see cref="ValidationOptions.Probe"/>.
/// </summary>
public static class MediaProbe
{
    /// <summary>Null when the file can be read and has at least one byte, else what is wrong.</summary>
    public static string? NonEmptyFile(string path)
    {
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            return f.Length == 0 ? "empty file (0 bytes)" : f.ReadByte() < 0 ? "cannot read its first byte" : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read ({e.Message})";
        }
    }
}
