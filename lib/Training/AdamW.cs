using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Training;

/// <summary>
/// torch's AdamW (<c>torch/optim/adamw.py</c>, single-tensor path without amsgrad), with the exact arithmetic of
/// TorchSharp's <c>optim.AdamW</c>: decoupled decay <c>p·(1 − lr·wd)</c>, <c>m = β₁·m + (1 − β₁)·g</c>,
/// <c>v = β₂·v + (1 − β₂)·g²</c>, <c>p −= lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)</c>. It exists because TorchSharp's
/// step passes numbers to libtorch as temporary Scalars that a collection can free mid-call (see
/// <c>R1Omni.Runtime.Scalars</c>); here every Scalar is held for the update. A parameter without a gradient is
/// skipped and its step count stays, as in torch.
/// </summary>
public sealed class AdamW : IDisposable
{
    /// <summary>The state of one parameter: the two moments (fp32, like the parameter) and its update count.</summary>
    public sealed class State(Tensor expAvg, Tensor expAvgSq) : IDisposable
    {
        public Tensor ExpAvg { get; } = expAvg;
        public Tensor ExpAvgSq { get; } = expAvgSq;
        public long Step { get; set; }

        public void Dispose()
        {
            ExpAvg.Dispose();
            ExpAvgSq.Dispose();
        }
    }

    readonly Parameter[] parameters;
    readonly State[] states;
    readonly double beta1, beta2, eps, weightDecay;

    public AdamW(IReadOnlyList<Parameter> parameters, double beta1, double beta2, double eps, double weightDecay)
    {
        this.parameters = parameters.ToArray();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        using var _ = no_grad();
        states = this.parameters.Select(p => new State(zeros_like(p).DetachFromDisposeScope(), zeros_like(p).DetachFromDisposeScope())).ToArray();
    }

    /// <summary>One state per parameter, in parameter order; they are live, so writing them restores the optimiser.</summary>
    public IReadOnlyList<State> States => states;

    /// <summary>Updates every parameter that has a gradient with learning rate <paramref name="lr"/>.</summary>
    public void Step(double lr)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var decay = (1 - lr * weightDecay).ToScalar();
        using var b1 = beta1.ToScalar();
        using var oneMinusB1 = (1 - beta1).ToScalar();
        using var b2 = beta2.ToScalar();
        using var oneMinusB2 = (1 - beta2).ToScalar();
        using var epsilon = eps.ToScalar();
        using var one = 1.ToScalar();
        for (int i = 0; i < parameters.Length; i++)
        {
            var param = parameters[i];
            var grad = param.grad;
            if (grad is null) continue;
            var state = states[i];
            state.Step += 1;
            param.mul_(decay);
            double biasCorrection1 = 1 - Math.Pow(beta1, state.Step);
            double biasCorrection2 = 1 - Math.Pow(beta2, state.Step);
            state.ExpAvg.mul_(b1).add_(grad, oneMinusB1);
            state.ExpAvgSq.mul_(b2).addcmul_(grad, grad, oneMinusB2);
            using var sqrtBc2 = Math.Sqrt(biasCorrection2).ToScalar();
            var denom = state.ExpAvgSq.sqrt().div(sqrtBc2).add_(epsilon, one);
            using var stepSize = (-(lr / biasCorrection1)).ToScalar();
            param.addcdiv_(state.ExpAvg, denom, stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var s in states) s.Dispose();
    }
}
