using R1Omni.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Common;

/// <summary>
/// Random initialisation with HF's `_init_weights` rule: Linear, conv and embedding weights ~ N(0, initializer_range²),
/// biases zero, normalisation scales (the only 1-D weights) one. Seeded, so tiny presets are reproducible.
/// </summary>
public static class WeightInit
{
    public static void Normal(nn.Module module, double std, long seed)
    {
        using var _ = no_grad();
        using var gen = new Generator((ulong)seed);
        foreach (var (name, p) in module.named_parameters())
        {
            if (p.dim() == 1 && name.EndsWith(".weight", StringComparison.Ordinal)) p.fill_(Scalars.Of(1.0));
            else if (name.EndsWith(".bias", StringComparison.Ordinal)) p.zero_();
            else
            {
                // Draw in fp32 so the same seed gives the same weights whatever the storage dtype.
                // torch.normal(0, std) as TorchSharp computes it: randn · std + 0.
                using var w = randn(p.shape, dtype: ScalarType.Float32, generator: gen)
                    .mul_(Scalars.Of(std)).add_(Scalars.Of(0.0), Scalars.One);
                p.copy_(w);
            }
        }
    }
}
