using R1Omni.Config;
using R1Omni.Models.Common;
using R1Omni.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Siglip;

/// <summary>
/// Non-overlapping patches through a stride-<c>patch_size</c> convolution, flattened row-major (y, then x), plus a
/// learned position embedding per patch. No class token, no pre-norm.
/// </summary>
public sealed class SiglipVisionEmbeddings : nn.Module
{
    readonly Conv2d patch_embedding;
    readonly Embedding position_embedding;

    public SiglipVisionEmbeddings(SiglipVisionConfig c, ScalarType dtype, Device? device) : base(nameof(SiglipVisionEmbeddings))
    {
        patch_embedding = nn.Conv2d(c.NumChannels, c.HiddenSize, c.PatchSize, stride: c.PatchSize, device: device, dtype: dtype);
        position_embedding = Layers.Embedding(c.NumPatches, c.HiddenSize, dtype, device);
        RegisterComponents();
    }

    /// <summary>[N, C, S, S] pixels (already checked against the config) → [N, patches, hidden].</summary>
    public Tensor Forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        var weight = position_embedding.weight!;
        var patches = patch_embedding.forward(pixelValues.to(weight.dtype));   // [N, hidden, S/p, S/p]
        return patches.flatten(2).transpose(1, 2).add(weight, Scalars.One).MoveToOuterDisposeScope();
    }
}
