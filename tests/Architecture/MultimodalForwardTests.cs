using System.Reflection;
using R1Omni.Models.Bert;
using R1Omni.Models.HumanOmni;
using R1Omni.Models.Projector;
using R1Omni.Models.Siglip;
using R1Omni.Models.Whisper;

namespace R1Omni.Tests.Architecture;

/// <summary>
/// The multimodal forward is assembled in one place, <see cref="HumanOmniQwen2ForCausalLM.PrepareInputsLabelsForMultimodal"/>
/// (and the towers' <see cref="HumanOmniQwen2ForCausalLM.EncodeTowers"/>, <see cref="HumanOmniQwen2ForCausalLM.EncodeGateText"/>
/// for the frozen-feature caches): outside <c>R1Omni.Models</c> no code computes with the towers, BERT, the gate, the
/// projectors or the splicer directly. Building, loading and initialising them is not computing with them.
/// </summary>
public class MultimodalForwardTests
{
    static readonly Type[] Parts =
    [
        typeof(SiglipVisionModel), typeof(WhisperEncoder), typeof(BertModel), typeof(BertGate), typeof(AllInOneSmall), typeof(AudioProjector),
        typeof(GeluMlp), typeof(MultimodalSplicer),
    ];

    static Type Outer(Type t) => t.DeclaringType is { } d ? Outer(d) : t;

    static bool Computes(MethodBase m) =>
        Parts.Contains(m.DeclaringType) && m is MethodInfo { IsSpecialName: false } && !m.Name.StartsWith("Load", StringComparison.Ordinal) &&
        m.Name is not ("FromConfig" or "FromPretrained" or "TokenCount" or "InitWeights");

    // `dump` of a standalone tower checkpoint (model_type siglip, whisper or bert): the tower is the whole model there.
    static readonly Type[] StandaloneTowerDumps = [typeof(Dump.SiglipDump), typeof(Dump.WhisperDump), typeof(Dump.BertDump)];

    [Fact]
    public void OnlyTheModelsComputeWithTheTowersGateProjectorsAndSplicer()
    {
        var calls = IlCalls.MethodsOf(typeof(HumanOmniQwen2ForCausalLM).Assembly)
            .Where(m => m.DeclaringType?.Namespace is { } ns && !ns.StartsWith("R1Omni.Models", StringComparison.Ordinal))
            .Where(m => !StandaloneTowerDumps.Contains(Outer(m.DeclaringType!)))
            .SelectMany(m => IlCalls.CalledBy(m).Where(Computes).Select(c => $"{m.DeclaringType!.FullName}.{m.Name} calls {IlCalls.Describe(c)}"))
            .Distinct().ToList();
        Assert.True(calls.Count == 0, "the multimodal forward assembled outside the model:\n  " + string.Join("\n  ", calls));
    }

    [Fact]
    public void TheCheckSeesADirectCall()
    {
        var bad = IlCalls.MethodsOf(typeof(DirectTowerCall)).SelectMany(IlCalls.CalledBy).Where(Computes).ToList();
        Assert.Contains(bad, c => c.DeclaringType == typeof(BertGate) && c.Name == nameof(BertGate.Probabilities));
        Assert.Contains(bad, c => c.DeclaringType == typeof(MultimodalSplicer));
    }

    static class DirectTowerCall
    {
        public static object Gate(HumanOmniQwen2ForCausalLM model, TorchSharp.torch.Tensor cls) => model.Gate.Probabilities(cls);
        public static object Splice(HumanOmniQwen2ForCausalLM model) =>
            MultimodalSplicer.Splice([], model.Embed, PaddingSide.Left, TorchSharp.torch.CPU);
    }
}
