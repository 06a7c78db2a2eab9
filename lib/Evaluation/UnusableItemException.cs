using R1Omni.Data;

namespace R1Omni.Evaluation;

/// <summary>
/// Thrown by a response function when one item cannot be run (its clip is unreadable, truncated, or has no video
/// stream): the item is recorded as an error and the run goes on, where any other failure stops it.
/// </summary>
public sealed class UnusableItemException(ManifestItem item, string reason, Exception inner)
    : R1OmniException($"{item.Id} ({item.Video}): {reason}", inner)
{
    public ManifestItem Item { get; } = item;
    public string Reason { get; } = reason;
}
