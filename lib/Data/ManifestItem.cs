namespace R1Omni.Data;

/// <summary>
/// One clip of a dataset manifest: what every parser produces and what validation, training and evaluation consume.
/// </summary>
public sealed record ManifestItem
{
    static readonly IReadOnlyDictionary<string, string> NoMeta = new Dictionary<string, string>();

    /// <summary>Unique within a manifest, e.g. "dfew/00001", "mafw/00025", "ravdess/01-01-03-01-01-01-12".</summary>
    public required string Id { get; init; }
    /// <summary>Absolute path of the video file.</summary>
    public required string Video { get; init; }
    /// <summary>The R1-Omni label string (e.g. "angry"), or null when the item is unlabelled.</summary>
    public string? Label { get; init; }
    /// <summary>Dataset the clip comes from: dfew, mafw, ravdess, emer, ...; metrics are computed per source.</summary>
    public required string Source { get; init; }
    /// <summary>SFT turns (human question, gpt answer), when the item is a training conversation.</summary>
    public IReadOnlyList<ConversationTurn>? Conversations { get; init; }
    /// <summary>RLVR problem text (the fixed question of R1-Omni's <c>grpo.py</c>), when the item is a GRPO sample.</summary>
    public string? Problem { get; init; }
    /// <summary>RLVR solution, <c>"&lt;answer&gt; " + label + " &lt;/answer&gt;"</c> (as <c>load_video_dataset</c> builds it).</summary>
    public string? Solution { get; init; }
    /// <summary>Further per-clip facts (fold, split, RAVDESS code parts, ...).</summary>
    public IReadOnlyDictionary<string, string> Meta { get; init; } = NoMeta;
}
