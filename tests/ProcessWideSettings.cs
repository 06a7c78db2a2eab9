namespace R1Omni.Tests;

/// <summary>
/// Tests that change a process-wide setting while they run (libtorch's thread count): they run alone, after the
/// parallel tests, so that no other test computes under their setting (the resume tests compare bit-exact weights).
/// </summary>
[CollectionDefinition(nameof(ProcessWideSettings), DisableParallelization = true)]
public sealed class ProcessWideSettings;
