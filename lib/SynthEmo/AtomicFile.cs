namespace R1Omni.SynthEmo;

/// <summary>Writes a file under a temporary name in the same folder and renames it into place, so readers never see
/// half a file.</summary>
static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        try
        {
            File.WriteAllText(temp, text);
            File.Move(temp, full, overwrite: true);
        }
        finally { File.Delete(temp); }
    }
}
