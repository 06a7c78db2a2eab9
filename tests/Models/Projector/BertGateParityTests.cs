using R1Omni.Models.Projector;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace R1Omni.Tests.Models.Projector;

/// <summary>bert_gate (hidden 3584) on the reference BERT CLS state: logits and softmax probabilities.</summary>
public class BertGateParityTests(ITestOutputHelper output)
{
    [Fact]
    public void LogitsAndProbabilitiesMatchTheReference()
    {
        using var gate = new BertGate(HumanOmniCase.Bert().HiddenSize);
        using (var reader = HumanOmniCase.Weights()) gate.LoadWeights(reader);
        using var cls = HumanOmniCase.Expected("bert.cls");
        using var expectedLogits = HumanOmniCase.Expected("gate.logits");
        using var expectedProbs = HumanOmniCase.Expected("gate.probs");
        using var _ = inference_mode();
        using var logits = gate.forward(cls);
        using var probs = gate.Probabilities(cls);
        double logitsDiff = HumanOmniCase.MaxDiff(logits, expectedLogits), probsDiff = HumanOmniCase.MaxDiff(probs, expectedProbs);
        output.WriteLine($"gate.logits: max |Δ| = {logitsDiff:E2}; gate.probs: max |Δ| = {probsDiff:E2}");
        Assert.True(logitsDiff <= HumanOmniCase.Tolerance, $"gate.logits max |Δ| = {logitsDiff:E2}");
        Assert.True(probsDiff <= HumanOmniCase.Tolerance, $"gate.probs max |Δ| = {probsDiff:E2}");
    }

    [Fact]
    public void WrongInputWidthNamesTheBertHiddenSize()
    {
        using var gate = new BertGate(HumanOmniCase.Bert().HiddenSize);
        using var cls = zeros(HumanOmniCase.Bert().HiddenSize + 1);
        var e = Assert.Throws<R1OmniException>(() => gate.Probabilities(cls));
        Assert.Contains("hidden_size", e.Message);
    }
}
