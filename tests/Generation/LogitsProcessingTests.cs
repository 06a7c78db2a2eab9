using R1Omni.Generation;
using static TorchSharp.torch;

namespace R1Omni.Tests.Generation;

/// <summary>HF logits processors and warpers against hand-computed values.</summary>
public class LogitsProcessingTests
{
    static float[] Row(Tensor t) => t.data<float>().ToArray();

    [Fact]
    public void RepetitionPenaltyDividesPositiveAndMultipliesNegativeScores()
    {
        using var s = tensor(new float[] { 2f, -1f, 0.5f, 3f }).unsqueeze(0);
        using var r = LogitsProcessing.RepetitionPenalty(s, [[0, 1, 1]], 2.0);
        Assert.Equal(new[] { 1f, -2f, 0.5f, 3f }, Row(r));
    }

    [Fact]
    public void TopKKeepsTiesWithTheKth()
    {
        using var s = tensor(new float[] { 1f, 3f, 2f, 2f, 0f }).unsqueeze(0);
        using var r = LogitsProcessing.TopK(s, 2);
        Assert.Equal(new[] { float.NegativeInfinity, 3f, 2f, 2f, float.NegativeInfinity }, Row(r));
    }

    [Fact]
    public void TopPDropsTheTailButKeepsTheBestToken()
    {
        // probabilities 0.5, 0.3, 0.15, 0.05 (log scores); p = 0.8 keeps {0.5, 0.3}: tail mass 0.2 ≤ 1 − 0.8.
        using var s = tensor(new float[] { 0.5f, 0.3f, 0.15f, 0.05f }).log().unsqueeze(0);
        using var r = LogitsProcessing.TopP(s, 0.8);
        var row = Row(r);
        Assert.True(float.IsFinite(row[0]) && float.IsFinite(row[1]));
        Assert.True(float.IsNegativeInfinity(row[2]) && float.IsNegativeInfinity(row[3]));
        using var tiny = LogitsProcessing.TopP(s, 1e-6);
        Assert.Equal(1, Row(tiny).Count(float.IsFinite));
    }

    [Fact]
    public void TemperatureScalesAndSuppressionMasks()
    {
        using var s = tensor(new float[] { 2f, -4f, 1f }).unsqueeze(0);
        Assert.Equal(new[] { 4f, -8f, 2f }, Row(LogitsProcessing.Temperature(s, 0.5)));
        Assert.Equal(new[] { 2f, float.NegativeInfinity, 1f }, Row(LogitsProcessing.SuppressTokens(s, [1])));
    }

    [Fact]
    public void InvalidOptionsAreClearErrors()
    {
        Assert.Contains("top_p", Assert.Throws<R1OmniException>(() => new GenerationOptions { TopP = 0 }.Validate()).Message);
        Assert.Contains("temperature", Assert.Throws<R1OmniException>(() => new GenerationOptions { DoSample = true, Temperature = 0 }.Validate()).Message);
        Assert.Contains("max_new_tokens", Assert.Throws<R1OmniException>(() => new GenerationOptions { MaxNewTokens = 0 }.Validate()).Message);
    }
}
