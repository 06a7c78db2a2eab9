namespace R1Omni.Checkpoints;

/// <summary>Key mappings for <see cref="StateDict.Load"/>.</summary>
public static class KeyRenames
{
    /// <summary>Keys under <paramref name="prefix"/> lose it; every other key is skipped (mapped to null).</summary>
    public static Func<string, string?> StripPrefix(string prefix) =>
        key => key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : null;
}
