namespace R1Omni.Data;

/// <summary>A named list of clips. <see cref="Root"/> is the dataset folder the video paths were resolved against
/// (null when they come from several places); the JSONL file stores videos relative to it.</summary>
public sealed class Manifest(string name, string? root, IReadOnlyList<ManifestItem> items)
{
    public string Name { get; } = name;
    public string? Root { get; } = root is null ? null : Path.GetFullPath(root);
    public IReadOnlyList<ManifestItem> Items { get; } = items;
    public int Count => Items.Count;

    /// <summary>The same name and root with other items (e.g. the valid subset).</summary>
    public Manifest WithItems(IReadOnlyList<ManifestItem> items) => new(Name, Root, items);
}
