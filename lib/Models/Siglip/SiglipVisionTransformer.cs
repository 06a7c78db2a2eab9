using R1Omni.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Siglip;

/// <summary>
/// HF <c>SiglipVisionTransformer</c> without the attention-pooling <c>head</c>, which HumanOmni never uses:
/// embeddings → encoder layers → <c>post_layernorm</c>.
/// </summary>
public sealed class SiglipVisionTransformer : nn.Module
{
    readonly SiglipVisionEmbeddings embeddings;
    readonly SiglipEncoder encoder;
    readonly LayerNorm post_layernorm;

    public SiglipVisionTransformer(SiglipVisionConfig c, ScalarType dtype, Device? device) : base(nameof(SiglipVisionTransformer))
    {
        embeddings = new SiglipVisionEmbeddings(c, dtype, device);
        encoder = new SiglipEncoder(c, dtype, device);
        post_layernorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps, device: device, dtype: dtype);
        RegisterComponents();
    }

    public Tensor Embed(Tensor pixelValues) => embeddings.Forward(pixelValues);

    public Tensor RunLayers(Tensor h, int from, int to) => encoder.Forward(h, from, to);

    public Tensor PostLayerNorm(Tensor h) => post_layernorm.forward(h);
}
