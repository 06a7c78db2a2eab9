using static TorchSharp.torch;

namespace R1Omni.Training.Grpo;

/// <summary>Per-token tensors [G, C] of the objective: the loss (with grad), the KL estimate and, with old log-probs,
/// where the clipped branch of the surrogate was taken (1/0); both without grad.</summary>
public sealed record GrpoLossTerms(Tensor PerToken, Tensor? Kl, Tensor? Clipped) : IDisposable
{
    public void Dispose()
    {
        PerToken.Dispose();
        Kl?.Dispose();
        Clipped?.Dispose();
    }
}
