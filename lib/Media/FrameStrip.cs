namespace R1Omni.Media;

/// <summary>Frames laid side by side on one image (what a model sees of a clip, at a glance).</summary>
public static class FrameStrip
{
    /// <summary>
    /// The frames left to right, separated by <paramref name="gap"/> white columns. Frames of another height than the first
    /// are an error (frames of one video share a size).
    /// </summary>
    public static RgbImage Compose(IReadOnlyList<RgbImage> frames, int gap = 4)
    {
        if (frames.Count == 0) throw new R1OmniException("frame strip: expected at least one frame");
        if (gap < 0) throw new R1OmniException($"frame strip: gap must be 0 or more pixels, got {gap}");
        int height = frames[0].Height;
        foreach (var f in frames)
            if (f.Height != height)
                throw new R1OmniException($"frame strip: every frame must be {height} pixels high like the first, got {f.Height}");
        int width = frames.Sum(f => f.Width) + gap * (frames.Count - 1);
        var strip = RgbImage.Filled(height, width, 255, 255, 255);
        int x0 = 0;
        foreach (var f in frames)
        {
            for (int y = 0; y < height; y++)
                Array.Copy(f.Pixels, y * f.Width * 3, strip.Pixels, (y * width + x0) * 3, f.Width * 3);
            x0 += f.Width + gap;
        }
        return strip;
    }
}
