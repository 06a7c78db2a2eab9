using R1Omni.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Qwen2;

/// <summary>SwiGLU feed-forward: down(silu(gate(x)) ⊙ up(x)), no biases.</summary>
public sealed class Qwen2MLP : nn.Module<Tensor, Tensor>
{
    readonly Linear gate_proj, up_proj, down_proj;

    public Qwen2MLP(long hidden, long intermediate, ScalarType dtype, Device? device = null) : base(nameof(Qwen2MLP))
    {
        gate_proj = Layers.Linear(hidden, intermediate, bias: false, dtype, device);
        up_proj = Layers.Linear(hidden, intermediate, bias: false, dtype, device);
        down_proj = Layers.Linear(intermediate, hidden, bias: false, dtype, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = Bf16Gemv.TrySwiGlu(x, gate_proj.weight!, up_proj.weight!) ?? nn.functional.silu(gate_proj.forward(x)) * up_proj.forward(x);
        return down_proj.Apply(h).MoveToOuterDisposeScope();
    }
}
