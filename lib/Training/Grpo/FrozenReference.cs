using R1Omni.Models.Bert;
using R1Omni.Models.HumanOmni;
using static TorchSharp.torch;

namespace R1Omni.Training.Grpo;

/// <summary>
/// GRPO's reference policy: the initial policy, frozen and never refreshed (<c>humanOmni_grpo_trainer.py</c> keeps a
/// separately loaded copy), loaded from the run's init checkpoint (so a resumed run gets the same reference). Only its
/// own parts are loaded (LLM, projectors, gate, BERT); the frozen SigLIP and Whisper towers are the policy's modules,
/// so their memory is not duplicated and their outputs serve both models. Disposing it leaves the towers to the policy.
/// </summary>
public sealed class FrozenReference : IDisposable
{
    public HumanOmniQwen2ForCausalLM Model { get; }

    FrozenReference(HumanOmniQwen2ForCausalLM model) => Model = model;

    public static FrozenReference Load(string initFolder, HumanOmniQwen2ForCausalLM policy, HumanOmniLoadOptions? options = null)
    {
        var model = HumanOmniLoader.WithTowers(initFolder, policy.VisionTower, policy.AudioTower, policy.Dtype, policy.Device, options);
        foreach (var p in model.parameters()) p.requires_grad = false;
        return new FrozenReference(model);
    }

    /// <summary>A frozen copy of <paramref name="policy"/> as it is now (for a run that starts from it in memory).</summary>
    public static FrozenReference CopyOf(HumanOmniQwen2ForCausalLM policy)
    {
        var model = new HumanOmniQwen2ForCausalLM(policy.Config, policy.VisionTower, policy.AudioTower, new BertModel(policy.Bert.Config, policy.Dtype, policy.Device),
                                                  policy.Dtype, policy.Device);
        var source = policy.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (no_grad())
            foreach (var (name, p) in model.named_parameters())
                if (!TrainableParts.AlwaysFrozen.Any(t => name.StartsWith(t + ".", StringComparison.Ordinal)))   // the shared towers
                {
                    p.copy_(source[name]);
                    p.requires_grad = false;
                }
        return new FrozenReference(model);
    }

    public void Dispose() => Model.DisposeOwnParts();
}
