namespace R1Omni.SynthEmo;

/// <summary>Reported after each finished clip: how many are done (rendered or reused from the cache) out of the total.</summary>
public sealed record SynthEmoProgress(int Done, int Total, int Cached, string Id);
