using R1Omni.Models.Projector;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace R1Omni.Tests.Models.Projector;

/// <summary>The bf16 compute path (as in GRPO training): runs end to end and stays near the fp32 reference.</summary>
public class ProjectorBf16Tests(ITestOutputHelper output)
{
    [Fact]
    public void Bf16HeadsStayCloseToTheReference()
    {
        const ScalarType bf16 = ScalarType.BFloat16;
        var config = HumanOmniCase.Config();
        using var projector = AllInOneSmall.FromConfig(config, bf16);
        using var audio = AudioProjector.FromConfig(config, bf16);
        using var gate = new BertGate(HumanOmniCase.Bert().HiddenSize, bf16);
        using (var reader = HumanOmniCase.Weights())
        {
            projector.LoadWeights(reader);
            audio.LoadWeights(reader);
            gate.LoadWeights(reader);
        }
        using var features = HumanOmniCase.Expected("vision.features").unsqueeze(0).to(bf16);
        using var cls = HumanOmniCase.Expected("bert.cls").unsqueeze(0).to(bf16);
        using var encoder = HumanOmniCase.Expected("audio.encoder").to(bf16);
        using var _ = inference_mode();
        using var probs = gate.Probabilities(cls);
        using var fused = projector.forward(features, probs);
        using var tokens = audio.forward(encoder);
        Assert.Equal(bf16, fused.dtype);
        Assert.Equal(bf16, tokens.dtype);

        using var expectedProbs = HumanOmniCase.Expected("gate.probs");
        using var expectedFused = HumanOmniCase.Expected("projector.fused");
        using var expectedTokens = HumanOmniCase.Expected("audio.tokens");
        double probsDiff = HumanOmniCase.MaxDiff(probs.squeeze(0), expectedProbs);
        double fusedDiff = HumanOmniCase.MaxDiff(fused.squeeze(0), expectedFused);
        double tokensDiff = HumanOmniCase.MaxDiff(tokens, expectedTokens);
        output.WriteLine($"bf16 max |Δ|: gate.probs {probsDiff:E2}, projector.fused {fusedDiff:E2}, audio.tokens {tokensDiff:E2}");
        // bf16 keeps 8 significant bits (relative step 2^-8 ≈ 0.004); the fused tokens reach |2.04| after ~20 layers,
        // so the bound allows several bf16 steps at that magnitude.
        Assert.True(probsDiff <= 0.01, $"bf16 gate.probs max |Δ| = {probsDiff}");
        Assert.True(fusedDiff <= 0.1, $"bf16 projector.fused max |Δ| = {fusedDiff}");
        Assert.True(tokensDiff <= 0.05, $"bf16 audio.tokens max |Δ| = {tokensDiff}");
    }
}
