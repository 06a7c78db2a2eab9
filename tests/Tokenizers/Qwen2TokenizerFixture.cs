using R1Omni.Tokenizers;

namespace R1Omni.Tests.Tokenizers;

/// <summary>The shipped Qwen2.5 tokenizer (data/tokenizers/qwen2), loaded once for every test class in <see cref="Qwen2TokenizerCollection"/>.</summary>
public sealed class Qwen2TokenizerFixture
{
    public Qwen2Tokenizer Tokenizer { get; }

    public Qwen2TokenizerFixture() => Tokenizer = Qwen2Tokenizer.Load(TestPaths.Data("tokenizers", "qwen2"));
}
