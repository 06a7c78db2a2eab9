using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Common;

/// <summary>
/// Layer factories that allocate parameters without PyTorch's default initialisation: weights are either loaded
/// from a checkpoint (strictly, so nothing stays uninitialised) or set by <see cref="WeightInit"/>. Skipping the
/// default init saves seconds per model at the real 0.5B shapes.
/// </summary>
public static class Layers
{
    public static Linear Linear(long inFeatures, long outFeatures, bool bias, ScalarType dtype, Device? device = null) =>
        nn.Linear(
            new Parameter(empty(outFeatures, inFeatures, dtype: dtype, device: device)),
            bias ? new Parameter(zeros(outFeatures, dtype: dtype, device: device)) : null);

    // nn.Embedding_from_pretrained is avoided: in TorchSharp 0.107 its registered parameter is not the tensor its
    // forward reads, so loading a state dict into it has no effect.
    public static Embedding Embedding(long count, long dim, ScalarType dtype, Device? device = null) =>
        nn.Embedding(count, dim, dtype: dtype, device: device);

    /// <summary>A linear layer's forward, through <see cref="Bf16Gemv"/> for bf16 decoding steps, else libtorch.</summary>
    public static Tensor Apply(this Linear linear, Tensor x) => Bf16Gemv.TryLinear(x, linear.weight!, linear.bias) ?? linear.forward(x);
}
