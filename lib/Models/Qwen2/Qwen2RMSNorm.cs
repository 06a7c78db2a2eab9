using R1Omni.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Qwen2;

/// <summary>HF `Qwen2RMSNorm`: normalise in fp32, cast back to the input dtype, then scale by the weight.</summary>
public sealed class Qwen2RMSNorm : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly double eps;

    public Qwen2RMSNorm(long hiddenSize, double eps, ScalarType dtype, Device? device = null) : base(nameof(Qwen2RMSNorm))
    {
        weight = new Parameter(ones(hiddenSize, dtype: dtype, device: device));
        this.eps = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x.to(ScalarType.Float32);
        var variance = h.pow(Scalars.Of(2L)).mean([-1], keepdim: true);   // torch's square()
        h = h * variance.add(Scalars.Of(eps), Scalars.One).rsqrt();
        return (weight * h.to(x.dtype)).MoveToOuterDisposeScope();
    }
}
