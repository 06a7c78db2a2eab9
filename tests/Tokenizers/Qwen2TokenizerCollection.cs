namespace R1Omni.Tests.Tokenizers;

/// <summary>Test classes in this collection share one loaded <see cref="Qwen2TokenizerFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class Qwen2TokenizerCollection : ICollectionFixture<Qwen2TokenizerFixture>
{
    public const string Name = "Qwen2 tokenizer";
}
