using R1Omni.Data;

namespace R1Omni.Evaluation;

/// <summary>
/// Thrown by a response function when one item cannot be run (its clip is unreadable, truncated, or has no video
/// stream): the item is recorded as an error and the run goes on, where any other failure stops it.
/// </summary>
public sealed class UnusableItemException : R1OmniException
{
    public ManifestItem Item { get; }
    public string Reason { get; }

    public UnusableItemException(ManifestItem item, string reason) : base($"{item.Id} ({item.Video}): {reason}")
    {
        Item = item;
        Reason = reason;
    }

    public UnusableItemException(ManifestItem item, string reason, Exception inner) : base($"{item.Id} ({item.Video}): {reason}", inner)
    {
        Item = item;
        Reason = reason;
    }
}
