using TorchSharp;

namespace R1Omni.Media;

/// <summary>
/// HumanOmni's frame pre-processing (<c>process_video</c> in <c>humanomni/mm_utils.py</c>, then SigLIP's image
/// processor): optional <c>expand2square</c> padding, Pillow-exact bicubic resize, rescale (uint8 · factor in float64,
/// then float32) and normalise ((x − mean)/std in float32), giving CHW float32 as transformers' SiglipImageProcessor
/// does.
/// </summary>
public sealed class ImagePreprocessor
{
    public ImagePreprocessor(SiglipImageProcessorConfig? config = null)
    {
        Config = config ?? new SiglipImageProcessorConfig();
        Config.Validate();
        // expand2square's background is tuple(int(x*255) for x in image_mean): (127,127,127) for SigLIP.
        PadColour = Array.ConvertAll(Config.ImageMean, m => (byte)Math.Clamp((int)(m * 255), 0, 255));
    }

    public SiglipImageProcessorConfig Config { get; }

    /// <summary>The RGB fill of the square canvas in <see cref="ImageFraming.PadToSquare"/>.</summary>
    public byte[] PadColour { get; }

    /// <summary>
    /// HumanOmni's <c>expand2square</c>: a square canvas of side max(W, H) filled with <see cref="PadColour"/>, the
    /// image pasted at (0, (W−H)//2) when wider, or ((H−W)//2, 0) when taller; a square image is returned as is.
    /// </summary>
    public RgbImage ExpandToSquare(RgbImage image)
    {
        if (image.Width == image.Height) return image;
        int side = Math.Max(image.Width, image.Height);
        int left = (side - image.Width) / 2, top = (side - image.Height) / 2;
        var canvas = RgbImage.Filled(side, side, PadColour[0], PadColour[1], PadColour[2]);
        int rowBytes = image.Width * 3;
        for (int y = 0; y < image.Height; y++)
            Buffer.BlockCopy(image.Pixels, y * rowBytes, canvas.Pixels, ((top + y) * side + left) * 3, rowBytes);
        return canvas;
    }

    /// <summary>The uint8 image the model sees, before rescaling: framed, then resized to the configured size.</summary>
    public RgbImage Resize(RgbImage image, ImageFraming framing)
    {
        RgbImage framed = framing == ImageFraming.PadToSquare ? ExpandToSquare(image) : image;
        return PillowResize.Bicubic(framed, Config.Width, Config.Height);
    }

    /// <summary>Pixel values as CHW float32 [3, Height, Width].</summary>
    public float[] PreprocessArray(RgbImage image, ImageFraming framing)
    {
        var output = new float[3 * Config.Height * Config.Width];
        WriteChw(Resize(image, framing), output);
        return output;
    }

    /// <summary>Pixel values as a float32 tensor [3, Height, Width] on the CPU.</summary>
    public torch.Tensor Preprocess(RgbImage image, ImageFraming framing) =>
        torch.tensor(PreprocessArray(image, framing), [3, Config.Height, Config.Width]);

    /// <summary>Sampled frames stacked as a float32 tensor [T, 3, Height, Width] on the CPU.</summary>
    public torch.Tensor PreprocessBatch(IReadOnlyList<RgbImage> frames, ImageFraming framing)
    {
        if (frames.Count == 0) throw new R1OmniException("frames: expected at least one frame to pre-process");
        int planeSize = 3 * Config.Height * Config.Width;
        var output = new float[frames.Count * planeSize];
        Parallel.For(0, frames.Count, t => WriteChw(Resize(frames[t], framing), output.AsSpan(t * planeSize, planeSize)));
        return torch.tensor(output, [frames.Count, 3, Config.Height, Config.Width]);
    }

    /// <summary>HWC uint8 → CHW float32: <c>(float)(u · factor)</c> in float64, then <c>(x − mean)/std</c> in float32.</summary>
    void WriteChw(RgbImage resized, Span<float> output)
    {
        int plane = resized.Height * resized.Width;
        byte[] pixels = resized.Pixels;
        for (int c = 0; c < 3; c++)
        {
            float mean = (float)Config.ImageMean[c], std = (float)Config.ImageStd[c];
            for (int i = 0; i < plane; i++)
            {
                float x = (float)(pixels[i * 3 + c] * Config.RescaleFactor);
                output[c * plane + i] = (x - mean) / std;
            }
        }
    }
}
