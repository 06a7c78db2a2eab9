using R1Omni.Config;
using R1Omni.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Bert;

/// <summary>act(dense(x)), hidden → intermediate, with <c>hidden_act</c> (exact GELU for BERT).</summary>
public sealed class BertIntermediate : nn.Module<Tensor, Tensor>
{
    readonly Linear dense;
    readonly Func<Tensor, Tensor> act;

    public BertIntermediate(BertConfig c, ScalarType dtype, Device? device) : base(nameof(BertIntermediate))
    {
        act = Activation.Resolve(c.HiddenAct, "hidden_act");
        dense = Layers.Linear(c.HiddenSize, c.IntermediateSize, bias: true, dtype, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return act(dense.forward(x)).MoveToOuterDisposeScope();
    }
}
