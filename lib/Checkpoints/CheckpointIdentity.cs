using System.Security.Cryptography;

namespace R1Omni.Checkpoints;

/// <summary>
/// What a checkpoint folder is, as far as its outputs go: a SHA-256 over the names and bytes of its top-level weights,
/// configs and tokenizer files (<c>*.safetensors</c>, <c>*.json</c>, <c>*.txt</c>, <c>*.jinja</c>), so two checkpoints of
/// one run (same shapes, other values) differ. Subfolders (tower and BERT copies) are not read.
/// </summary>
public static class CheckpointIdentity
{
    static readonly string[] Patterns = ["*.safetensors", "*.json", "*.txt", "*.jinja"];

    /// <summary>The first 16 hex digits of the hash.</summary>
    public static string Of(string folder)
    {
        string dir = Path.GetFullPath(folder);
        var files = Patterns.SelectMany(p => Directory.EnumerateFiles(dir, p, SearchOption.TopDirectoryOnly))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new R1OmniException($"{dir}: no checkpoint files (*.safetensors, *.json) to identify");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (string file in files)
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\0"));
            using var stream = File.OpenRead(file);
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) sha.AppendData(buffer, 0, n);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}
