using R1Omni.Models.Bert;
using R1Omni.Models.HumanOmni;
using static TorchSharp.torch;

namespace R1Omni.Training.Grpo;

/// <summary>
/// GRPO's reference policy: a frozen copy of the initial policy, never refreshed (spec §8.3). Only the trained parts are
/// copied (LLM, projectors, gate, BERT); the frozen SigLIP and Whisper towers are the policy's own modules, so their
/// memory is not duplicated and their outputs serve both models. Disposing it leaves the towers to the policy.
/// </summary>
public sealed class FrozenReference : IDisposable
{
    public HumanOmniQwen2ForCausalLM Model { get; }

    FrozenReference(HumanOmniQwen2ForCausalLM model) => Model = model;

    public static FrozenReference CopyOf(HumanOmniQwen2ForCausalLM policy)
    {
        var bert = new BertModel(policy.Bert.Config, policy.Dtype, policy.Device);
        var model = new HumanOmniQwen2ForCausalLM(policy.Config, policy.VisionTower, policy.AudioTower, bert, policy.Dtype, policy.Device);
        try
        {
            var source = policy.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            using var _ = no_grad();
            foreach (var (name, p) in model.named_parameters())
            {
                if (GrpoParameters.IsTower(name)) continue;
                p.copy_(source[name]);
                p.requires_grad = false;
            }
            return new FrozenReference(model);
        }
        catch
        {
            DisposeOwned(model);
            throw;
        }
    }

    public void Dispose() => DisposeOwned(Model);

    static void DisposeOwned(HumanOmniQwen2ForCausalLM model)
    {
        model.LanguageModel.Dispose();
        model.Projector.Dispose();
        model.AudioProjector.Dispose();
        model.Gate.Dispose();
        model.Bert.Dispose();
    }
}
