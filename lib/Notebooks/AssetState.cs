namespace R1Omni.Notebooks;

/// <summary>Whether a configured checkpoint, tower or dataset manifest can be used.</summary>
public enum AssetState
{
    /// <summary>No path was given: the notebooks fall back to a tiny preset or skip it.</summary>
    NotConfigured,
    Ok,
    Missing,
    /// <summary>The path exists but its content is not what was expected; the detail says why.</summary>
    Invalid,
}
