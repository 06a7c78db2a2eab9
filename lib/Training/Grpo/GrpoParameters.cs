using R1Omni.Models.HumanOmni;
using TorchSharp.Modules;

namespace R1Omni.Training.Grpo;

/// <summary>
/// What GRPO trains (spec §8.3): the LLM, the projector, the audio projector, the gate and — as the reference does, an
/// oversight there — the gate's BERT; SigLIP and Whisper stay frozen.
/// </summary>
public static class GrpoParameters
{
    public static bool IsTower(string name) =>
        name.StartsWith("vision_tower.", StringComparison.Ordinal) || name.StartsWith("audio_tower.", StringComparison.Ordinal);

    public static bool IsBert(string name) => name.StartsWith("bert_model.", StringComparison.Ordinal);

    /// <summary>Sets requires_grad on every parameter of the policy and returns the trainable ones, by name.</summary>
    public static IReadOnlyList<(string Name, Parameter Parameter)> Configure(HumanOmniQwen2ForCausalLM policy, bool trainBert)
    {
        var trainable = new List<(string, Parameter)>();
        foreach (var (name, p) in policy.named_parameters())
        {
            bool train = !IsTower(name) && (trainBert || !IsBert(name));
            p.requires_grad = train;
            if (train) trainable.Add((name, p));
        }
        return trainable;
    }
}
