namespace R1Omni.SynthEmo;

/// <summary>One clip in the cache index: its video path, the hash of what determines it, and the hash of its mp4 bytes.</summary>
public sealed record ClipCacheEntry(string Id, string Video, string SpecSha256, string Sha256);
