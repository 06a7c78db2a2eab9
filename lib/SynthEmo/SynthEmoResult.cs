namespace R1Omni.SynthEmo;

/// <summary>What <see cref="SynthEmoWorld.Generate"/> did: where, how many clips were rendered or reused, how long it took,
/// and the manifest files it wrote.</summary>
public sealed record SynthEmoResult(string OutDir, string OptionsHash, int Clips, int Rendered, int Cached, double Seconds, IReadOnlyList<string> Manifests);
