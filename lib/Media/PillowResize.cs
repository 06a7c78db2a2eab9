namespace R1Omni.Media;

/// <summary>
/// Bit-exact port of Pillow's 8-bit bicubic <c>Image.resize</c> (libImaging/Resample.c, <c>reducing_gap=None</c>), as
/// SigLIP's image processor calls it: separable convolution with a = −0.5 widened by the downscale factor, weights
/// normalised in double then rounded to 22-bit fixed point, each pass rounding and clipping to uint8; horizontal pass
/// first.
/// </summary>
public static class PillowResize
{
    // 32 bits minus 8 for the pixel value and 2 for the filter's negative lobes and overshoot.
    const int PrecisionBits = 32 - 8 - 2;
    const double BicubicSupport = 2.0;

    public static RgbImage Bicubic(RgbImage image, int width, int height)
    {
        if (width < 1 || height < 1)
            throw new R1OmniException($"resize target must be positive, got width {width} × height {height}");
        bool horizontal = width != image.Width, vertical = height != image.Height;
        var (xBounds, xWeights, xSize) = Coefficients(image.Width, width);
        var (yBounds, yWeights, ySize) = Coefficients(image.Height, height);

        RgbImage current = image;
        if (horizontal)
        {
            // Only the source rows the vertical pass reads are resampled horizontally.
            int first = vertical ? yBounds[0] : 0;
            int last = vertical ? yBounds[2 * height - 2] + yBounds[2 * height - 1] : image.Height;
            current = Horizontal(image, first, last - first, width, xBounds, xWeights, xSize);
            if (vertical) for (int i = 0; i < height; i++) yBounds[2 * i] -= first;
        }
        if (vertical) current = Vertical(current, height, yBounds, yWeights, ySize);
        return ReferenceEquals(current, image) ? new RgbImage((byte[])image.Pixels.Clone(), image.Height, image.Width) : current;
    }

    static RgbImage Horizontal(RgbImage src, int firstRow, int rows, int width, int[] bounds, int[] weights, int kSize)
    {
        var dst = new byte[rows * width * 3];
        byte[] s = src.Pixels;
        for (int y = 0; y < rows; y++)
        {
            int srcRow = (firstRow + y) * src.Width * 3, dstRow = y * width * 3;
            for (int x = 0; x < width; x++)
            {
                int count = bounds[2 * x + 1];
                ReadOnlySpan<int> w = weights.AsSpan(x * kSize, count);
                ReadOnlySpan<byte> px = s.AsSpan(srcRow + bounds[2 * x] * 3, count * 3);
                int r = 1 << (PrecisionBits - 1), g = r, b = r;
                for (int k = 0; k < w.Length; k++)
                {
                    r += px[3 * k] * w[k];
                    g += px[3 * k + 1] * w[k];
                    b += px[3 * k + 2] * w[k];
                }
                dst[dstRow + x * 3] = Clip8(r);
                dst[dstRow + x * 3 + 1] = Clip8(g);
                dst[dstRow + x * 3 + 2] = Clip8(b);
            }
        }
        return new RgbImage(dst, rows, width);
    }

    static RgbImage Vertical(RgbImage src, int height, int[] bounds, int[] weights, int kSize)
    {
        int rowBytes = src.Width * 3;
        var dst = new byte[height * rowBytes];
        byte[] s = src.Pixels;
        for (int y = 0; y < height; y++)
        {
            int min = bounds[2 * y], count = bounds[2 * y + 1], k0 = y * kSize;
            for (int i = 0; i < rowBytes; i++)
            {
                int acc = 1 << (PrecisionBits - 1);
                for (int k = 0; k < count; k++) acc += s[(min + k) * rowBytes + i] * weights[k0 + k];
                dst[y * rowBytes + i] = Clip8(acc);
            }
        }
        return new RgbImage(dst, height, src.Width);
    }

    /// <summary>Arithmetic shift (floor) back to 8 bits, clipped; the accumulator started at half a unit, so this rounds.</summary>
    static byte Clip8(int acc) => (byte)Math.Clamp(acc >> PrecisionBits, 0, 255);

    /// <summary>
    /// Pillow's <c>precompute_coeffs</c> + <c>normalize_coeffs_8bpc</c> for one axis: per output index, the first
    /// source index and the tap count (in <c>bounds</c>), and <c>kSize</c> fixed-point weights.
    /// </summary>
    static (int[] Bounds, int[] Weights, int KSize) Coefficients(int inSize, int outSize)
    {
        double scale = (double)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);
        double support = BicubicSupport * filterScale;
        int kSize = (int)Math.Ceiling(support) * 2 + 1;

        var bounds = new int[outSize * 2];
        var weights = new int[outSize * kSize];
        var w = new double[kSize];
        for (int o = 0; o < outSize; o++)
        {
            double center = (o + 0.5) * scale;
            double ss = 1.0 / filterScale;
            int min = Math.Max(0, (int)(center - support + 0.5));
            int count = Math.Min(inSize, (int)(center + support + 0.5)) - min;
            double total = 0;
            for (int k = 0; k < count; k++)
            {
                w[k] = BicubicFilter((k + min - center + 0.5) * ss);
                total += w[k];
            }
            for (int k = 0; k < count; k++)
            {
                double normalised = total != 0.0 ? w[k] / total : w[k];
                weights[o * kSize + k] = (int)(normalised < 0
                    ? -0.5 + normalised * (1 << PrecisionBits)
                    : 0.5 + normalised * (1 << PrecisionBits));
            }
            bounds[2 * o] = min;
            bounds[2 * o + 1] = count;
        }
        return (bounds, weights, kSize);
    }

    static double BicubicFilter(double x)
    {
        const double a = -0.5;
        if (x < 0.0) x = -x;
        if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
        return 0.0;
    }
}
