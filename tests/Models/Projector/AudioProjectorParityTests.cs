using R1Omni.Models.Projector;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace R1Omni.Tests.Models.Projector;

/// <summary>Whisper encoder states → AvgPool1d(3, 3) → mlp2x_gelu audio_projector, against the reference.</summary>
public class AudioProjectorParityTests(ITestOutputHelper output)
{
    static AudioProjector LoadedProjector()
    {
        var projector = AudioProjector.FromConfig(HumanOmniCase.Config());
        using var reader = HumanOmniCase.Weights();
        projector.LoadWeights(reader);
        return projector;
    }

    [Fact]
    public void PooledStatesAndTokensMatchTheReference()
    {
        using var projector = LoadedProjector();
        using var encoder = HumanOmniCase.Expected("audio.encoder");
        using var expectedPooled = HumanOmniCase.Expected("audio.pooled");
        using var expectedTokens = HumanOmniCase.Expected("audio.tokens");
        using var _ = inference_mode();
        using var pooled = projector.Pool(encoder);
        using var tokens = projector.forward(encoder);
        double pooledDiff = HumanOmniCase.MaxDiff(pooled, expectedPooled), tokensDiff = HumanOmniCase.MaxDiff(tokens, expectedTokens);
        output.WriteLine($"audio.pooled: max |Δ| = {pooledDiff:E2}; audio.tokens: max |Δ| = {tokensDiff:E2}");
        Assert.True(pooledDiff <= HumanOmniCase.Tolerance, $"audio.pooled max |Δ| = {pooledDiff:E2}");
        Assert.True(tokensDiff <= HumanOmniCase.Tolerance, $"audio.tokens max |Δ| = {tokensDiff:E2}");
    }

    [Fact]
    public void BatchedInputDropsATrailingPartialWindow()
    {
        using var projector = LoadedProjector();
        using var encoder = HumanOmniCase.Expected("audio.encoder");
        using var expectedTokens = HumanOmniCase.Expected("audio.tokens");
        using var _ = inference_mode();
        // Two extra frames do not fill a window, so the tokens are unchanged.
        using var longer = cat([encoder, encoder.narrow(0, 0, 2)], 0).unsqueeze(0);
        using var tokens = projector.forward(longer);
        Assert.True(HumanOmniCase.MaxDiff(tokens, expectedTokens.unsqueeze(0)) <= HumanOmniCase.Tolerance);
    }

    [Fact]
    public void WrongEncoderWidthNamesAudioHiddenSize()
    {
        using var projector = LoadedProjector();
        using var states = zeros(30, HumanOmniCase.Config().AudioHiddenSize + 1);
        var e = Assert.Throws<R1OmniException>(() => projector.forward(states));
        Assert.Contains("audio_hidden_size", e.Message);
    }
}
