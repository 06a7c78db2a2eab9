using R1Omni.Media;

namespace R1Omni.Tests.Media;

public class VideoDecoderTests
{
    /// <summary>Every pixel within the YUV round trip's error of frame <paramref name="frame"/>'s colour.</summary>
    static void AssertFrame(int frame, RgbImage image)
    {
        var (r, g, b) = TestMedia.Colour(frame);
        for (int i = 0; i < image.Pixels.Length; i += 3)
        {
            int error = Math.Max(Math.Max(Math.Abs(image.Pixels[i] - r), Math.Abs(image.Pixels[i + 1] - g)), Math.Abs(image.Pixels[i + 2] - b));
            Assert.True(error <= 4, $"pixel {i / 3} is ({image.Pixels[i]}, {image.Pixels[i + 1]}, {image.Pixels[i + 2]}); frame {frame} is ({r}, {g}, {b})");
        }
        Assert.Equal(frame, TestMedia.Identify(image).Frame);
    }

    [Fact]
    public void SampledFramesAreTheUniformIndicesAtNativeSize()
    {
        IReadOnlyList<RgbImage> frames = VideoDecoder.SampleFrames(TestMedia.ColourClip);
        int[] expected = FrameSampler.UniformIndices(TestMedia.Frames, 8);
        Assert.Equal([2, 5, 9, 13, 16, 20, 24, 27], expected);
        Assert.Equal(8, frames.Count);
        for (int k = 0; k < 8; k++)
        {
            Assert.Equal((TestMedia.Width, TestMedia.Height), (frames[k].Width, frames[k].Height));
            AssertFrame(expected[k], frames[k]);
        }
    }

    [Fact]
    public void MatroskaDecodesTheSameFramesAsMp4()
    {
        var mp4 = VideoDecoder.SampleFrames(TestMedia.ColourClip, 4);
        var mkv = VideoDecoder.SampleFrames(TestMedia.ColourMkv, 4);
        Assert.Equal(mp4.Select(f => f.Pixels), mkv.Select(f => f.Pixels));
    }

    [Fact]
    public void ExplicitIndicesComeBackInTheirOrderWithRepeats()
    {
        MediaInfo media = MediaProbe.Probe(TestMedia.ColourClip);
        int[] indices = [29, 0, 29, 15];
        IReadOnlyList<RgbImage> frames = VideoDecoder.DecodeFrames(media, indices);
        for (int k = 0; k < indices.Length; k++) AssertFrame(indices[k], frames[k]);
    }

    [Fact]
    public void FewerFramesThanSampledRepeatFramesAtAnOddAspect()
    {
        IReadOnlyList<RgbImage> frames = VideoDecoder.SampleFrames(TestMedia.WideShort);
        int[] expected = FrameSampler.UniformIndices(5, 8);
        Assert.Equal([0, 1, 1, 2, 2, 3, 3, 4], expected);
        for (int k = 0; k < 8; k++)
        {
            Assert.Equal((200, 80), (frames[k].Width, frames[k].Height));
            AssertFrame(expected[k], frames[k]);
        }
    }

    [Fact]
    public void RotatedVideoDecodesUpright()
    {
        RgbImage frame = VideoDecoder.SampleFrames(TestMedia.Rotated, 1)[0];
        Assert.Equal((TestMedia.Height, TestMedia.Width), (frame.Width, frame.Height));
        AssertFrame(FrameSampler.UniformIndices(TestMedia.Frames, 1)[0], frame);
    }

    [Theory]
    [InlineData(0.5, 16)]   // half the file: frames from about 14 on are gone, so the fifth sampled frame (16) is missing
    [InlineData(0.95, 29)]  // only the last frame is gone: every sampled frame decodes, the last-frame check catches it
    public void TruncatedFileIsAnErrorNotAShorterClip(double keep, int firstMissing)
    {
        string path = TestMedia.Truncated(TestMedia.ColourClip, "truncated.mp4", keep);
        Assert.Equal(TestMedia.Frames, MediaProbe.Probe(path).Video!.FrameCount); // the index still promises 30
        var e = Assert.Throws<R1OmniException>(() => VideoDecoder.SampleFrames(path));
        Assert.Contains(path, e.Message);
        Assert.Contains($"the container reports {TestMedia.Frames} video frames", e.Message);
        Assert.Contains($"decoding stopped before frame {firstMissing}", e.Message);
        Assert.Contains("truncated or corrupt", e.Message);
    }

    [Fact]
    public void AudioOnlyFileHasNoVideoStream()
    {
        var e = Assert.Throws<R1OmniException>(() => VideoDecoder.SampleFrames(TestMedia.AudioOnly));
        Assert.Contains(TestMedia.AudioOnly, e.Message);
        Assert.Contains("no video stream (found audio only)", e.Message);
    }

    [Fact]
    public void VideoStreamWithoutFramesIsAnError()
    {
        var e = Assert.Throws<R1OmniException>(() => VideoDecoder.SampleFrames(TestMedia.ZeroFrames));
        Assert.Contains(TestMedia.ZeroFrames, e.Message);
        Assert.Contains("has no frames", e.Message);
    }

    [Fact]
    public void MissingOrGarbageFileIsAnErrorNamingIt()
    {
        string missing = Path.Combine(TestPaths.NewTempDir(), "missing.mp4");
        Assert.Contains(missing, Assert.Throws<R1OmniException>(() => VideoDecoder.SampleFrames(missing)).Message);
        string garbage = TestMedia.Write("garbage.mp4", new byte[4096]);
        Assert.Contains(garbage, Assert.Throws<R1OmniException>(() => VideoDecoder.SampleFrames(garbage)).Message);
    }

    [Fact]
    public void IndexOutsideTheVideoIsAnError()
    {
        MediaInfo media = MediaProbe.Probe(TestMedia.ColourClip);
        var e = Assert.Throws<R1OmniException>(() => VideoDecoder.DecodeFrames(media, [3, 30]));
        Assert.Contains("frame index 30 is outside the video's 30 frames", e.Message);
    }
}
