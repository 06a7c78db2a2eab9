using System.Text.Json;
using R1Omni.Media;

namespace R1Omni.Tests.Media;

public class FrameSamplerTests
{
    [Fact]
    public void AllReferenceCasesAreExact()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("media", "frame_indices", "cases.json")));
        int numFrames = doc.RootElement.GetProperty("num_frames").GetInt32();
        var cases = doc.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(10, cases.Count);
        foreach (var c in cases)
        {
            int n = c.GetProperty("n").GetInt32();
            int[] expected = [.. c.GetProperty("indices").EnumerateArray().Select(i => i.GetInt32())];
            Assert.Equal(expected, FrameSampler.UniformIndices(n, numFrames));
        }
    }

    [Fact]
    public void DefaultsToEightFramesAndStaysInRange()
    {
        for (int n = 1; n <= 2000; n++)
        {
            int[] indices = FrameSampler.UniformIndices(n);
            Assert.Equal(8, indices.Length);
            Assert.True(indices[0] >= 0 && indices[^1] <= n - 1, $"n = {n}");
            Assert.True(indices.Zip(indices.Skip(1)).All(p => p.First <= p.Second), $"n = {n}: not sorted");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void NonPositiveFrameCountIsAnError(int totalFrames)
    {
        var e = Assert.Throws<R1OmniException>(() => FrameSampler.UniformIndices(totalFrames));
        Assert.Contains("totalFrames", e.Message);
        Assert.Contains(totalFrames.ToString(), e.Message);
    }

    [Fact]
    public void NonPositiveSampleCountIsAnError() =>
        Assert.Contains("numFrames", Assert.Throws<R1OmniException>(() => FrameSampler.UniformIndices(10, 0)).Message);
}
