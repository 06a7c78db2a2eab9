using R1Omni.Data;

namespace R1Omni.SynthEmo;

/// <summary>
/// A clip's cue levels carried as item metadata (<c>cue.brows</c> = <c>furrowed</c>, …, the form SynthEmo's manifests
/// and RL conversations write), read back for the rewards and metrics that check a rationale against the clip.
/// </summary>
public static class CueLevels
{
    public const string Prefix = "cue.";

    public static string MetaKey(Enum level) => Prefix + CuePhrases.Key(level);

    /// <summary>
    /// The ten levels in rationale order (<see cref="RationaleParser.Cues"/>), or an error naming the item and the
    /// missing or unknown entry: a reward that checks cues needs SynthEmo's metadata.
    /// </summary>
    public static Enum[] Of(ManifestItem item, string who) => RationaleParser.Cues.Select(type =>
    {
        var levels = Enum.GetValues(type).Cast<Enum>().ToList();
        string key = MetaKey(levels[0]);
        if (!item.Meta.TryGetValue(key, out string? name))
            throw new R1OmniException($"{who}: item '{item.Id}' has no '{key}' metadata; this reward needs each clip's cue levels, " +
                                      "which SynthEmo's RL data carries (regenerate the world if it predates them)");
        return levels.FirstOrDefault(l => CuePhrases.Name(l) == name)
            ?? throw new R1OmniException($"{who}: item '{item.Id}': '{key}' is '{name}', expected one of {string.Join(", ", levels.Select(CuePhrases.Name))}");
    }).ToArray();
}
