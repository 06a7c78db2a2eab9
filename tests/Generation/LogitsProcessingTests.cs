using R1Omni.Generation;
using static TorchSharp.torch;

namespace R1Omni.Tests.Generation;

/// <summary>HF logits processors against hand-computed values.</summary>
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
