namespace R1Omni.Media;

/// <summary>HumanOmni's frame selection (<c>frame_sample</c> in <c>humanomni/mm_utils.py</c>, mode "uniform", as
/// <c>process_video</c> calls it).</summary>
public static class FrameSampler
{
    /// <summary>
    /// The centres of <paramref name="numFrames"/> equal segments of [0, totalFrames − 1], rounded.
    /// Mirrors the reference's arithmetic exactly: <c>seg = (n−1)/k; round((seg·i + seg·(i+1))/2 + 1e-6)</c>
    /// with NumPy's round-half-to-even (the 1e-6 makes exact halves round up). When totalFrames &lt; numFrames
    /// indices repeat (n = 1 gives all zeros).
    /// </summary>
    public static int[] UniformIndices(int totalFrames, int numFrames = 8)
    {
        if (totalFrames <= 0)
            throw new R1OmniException($"totalFrames must be at least 1 (the video's frame count), got {totalFrames}");
        if (numFrames <= 0)
            throw new R1OmniException($"numFrames must be at least 1, got {numFrames}");
        double seg = (double)(totalFrames - 1) / numFrames;
        var indices = new int[numFrames];
        for (int i = 0; i < numFrames; i++)
        {
            double start = seg * i, end = seg * (i + 1);
            indices[i] = (int)Math.Round((start + end) / 2 + 1e-6, MidpointRounding.ToEven);
        }
        return indices;
    }
}
