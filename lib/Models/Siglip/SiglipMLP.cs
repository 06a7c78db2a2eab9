using R1Omni.Config;
using R1Omni.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Siglip;

/// <summary>fc2(act(fc1(x))) with <c>hidden_act</c> (tanh-approximate GELU for SigLIP).</summary>
public sealed class SiglipMLP : nn.Module<Tensor, Tensor>
{
    readonly Linear fc1, fc2;
    readonly Func<Tensor, Tensor> act;

    public SiglipMLP(SiglipVisionConfig c, ScalarType dtype, Device? device) : base(nameof(SiglipMLP))
    {
        act = Activation.Resolve(c.HiddenAct, "vision_config.hidden_act");
        fc1 = Layers.Linear(c.HiddenSize, c.IntermediateSize, bias: true, dtype, device);
        fc2 = Layers.Linear(c.IntermediateSize, c.HiddenSize, bias: true, dtype, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return fc2.forward(act(fc1.forward(x))).MoveToOuterDisposeScope();
    }
}
