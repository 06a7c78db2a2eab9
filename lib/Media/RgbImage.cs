namespace R1Omni.Media;

/// <summary>An 8-bit RGB image stored as HWC bytes (the layout of an RGB24 video frame or a PIL "RGB" image).</summary>
public sealed class RgbImage
{
    public RgbImage(byte[] pixels, int height, int width)
    {
        if (height < 1 || width < 1)
            throw new R1OmniException($"image size must be positive, got height {height} × width {width}");
        if (pixels.Length != (long)height * width * 3)
            throw new R1OmniException($"image pixels: expected height × width × 3 = {height} × {width} × 3 = " +
                                      $"{(long)height * width * 3} bytes (RGB24, HWC), got {pixels.Length}");
        Pixels = pixels;
        Height = height;
        Width = width;
    }

    /// <summary>A uniformly coloured image.</summary>
    public static RgbImage Filled(int height, int width, byte r, byte g, byte b)
    {
        var pixels = new byte[(long)height * width * 3];
        for (int i = 0; i < pixels.Length; i += 3) { pixels[i] = r; pixels[i + 1] = g; pixels[i + 2] = b; }
        return new RgbImage(pixels, height, width);
    }

    /// <summary>Row-major HWC bytes: pixel (y, x) channel c is at (y·Width + x)·3 + c.</summary>
    public byte[] Pixels { get; }
    public int Height { get; }
    public int Width { get; }
}
