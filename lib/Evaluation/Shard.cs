using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using R1Omni.Data;

namespace R1Omni.Evaluation;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (1-based, as <c>--shard K/N</c> and a Slurm array <c>--array=1-N</c>):
/// the items whose id hashes to it. The partition depends on each id alone (SHA-256 of its UTF-8 bytes, modulo N), so
/// adding items to a manifest never moves the others to another shard.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    /// <summary>The fingerprint entry a shard adds: merging requires every shard's other entries to agree.</summary>
    public const string FingerprintKey = "shard";

    /// <summary>"K/N" with 1 ≤ K ≤ N.</summary>
    public static Shard Parse(string text, string option = "--shard")
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && k >= 1 && k <= n)
            return new Shard(k, n);
        throw new R1OmniException($"{option} '{text}': expected K/N with 1 ≤ K ≤ N, e.g. 2/3 (a Slurm array task: $SLURM_ARRAY_TASK_ID/N with --array=1-N)");
    }

    public static int Of(string id, int count) =>
        (int)(BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(id))) % (ulong)count) + 1;

    public bool Contains(ManifestItem item) => Of(item.Id, Count) == Index;

    /// <summary>This shard's items, in manifest order, as a manifest of its own.</summary>
    public Manifest Of(Manifest manifest) => new($"{manifest.Name} [shard {this}]", manifest.Root, manifest.Items.Where(Contains).ToList());

    /// <summary>Where a shard of a run writes: <c>OUT/shard-K-of-N/</c>.</summary>
    public string Folder(string outDir) => Path.Combine(outDir, $"shard-{Index}-of-{Count}");

    public override string ToString() => $"{Index}/{Count}";
}
