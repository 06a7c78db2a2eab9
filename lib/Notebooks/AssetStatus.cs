namespace R1Omni.Notebooks;

/// <summary>What <see cref="AssetCheck"/> found for one configured asset.</summary>
public sealed record AssetStatus(string Name, string Kind, string? Path, AssetState State, string Detail)
{
    public string StateText => State switch
    {
        AssetState.NotConfigured => "not configured",
        AssetState.Ok => "ok",
        AssetState.Missing => "MISSING",
        _ => "INVALID",
    };

    /// <summary>name, kind, state, path, detail: a row of the notebooks' status table.</summary>
    public IReadOnlyList<string> Row => [Name, Kind, StateText, Path ?? "", Detail];

    public static IReadOnlyList<string> Header => ["name", "kind", "state", "path", "detail"];
}
