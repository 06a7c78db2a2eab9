namespace R1Omni.Tests.SynthEmo;

/// <summary>SynthEmo test classes share the generated worlds (generated once per run).</summary>
[CollectionDefinition("SynthEmo")]
public sealed class SynthEmoCollection : ICollectionFixture<SynthEmoWorlds>;
