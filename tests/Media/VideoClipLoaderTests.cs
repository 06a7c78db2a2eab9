using R1Omni.Media;
using TorchSharp;

namespace R1Omni.Tests.Media;

public class VideoClipLoaderTests
{
    [Fact]
    public void SquashedClipHasPixelValuesAndMelFeaturesOfItsFramesAndAudio()
    {
        var loader = new VideoClipLoader();
        using VideoClip clip = loader.Load(TestMedia.ColourClip, ImageFraming.Squash);

        Assert.Equal(FrameSampler.UniformIndices(TestMedia.Frames, 8), clip.FrameIndices);
        Assert.Equal([8L, 3, 224, 224], clip.PixelValues.shape);
        Assert.Equal(torch.float32, clip.PixelValues.dtype);
        // Frame k is a solid colour, so every pixel of its channel c is (colour/255 − 0.5)/0.5, give or take the
        // YUV round trip.
        for (int k = 0; k < 8; k++)
        {
            var (r, g, b) = TestMedia.Colour(clip.FrameIndices[k]);
            int[] colour = [r, g, b];
            for (int c = 0; c < 3; c++)
            {
                using var plane = clip.PixelValues[k, c];
                double expected = (colour[c] / 255.0 - 0.5) / 0.5;
                Assert.InRange(plane.min().item<float>(), expected - 0.04, expected + 0.04);
                Assert.InRange(plane.max().item<float>(), expected - 0.04, expected + 0.04);
            }
        }
        using (var expectedPixels = loader.ImageProcessor.PreprocessBatch(clip.Frames, ImageFraming.Squash))
            Assert.True(clip.PixelValues.equal(expectedPixels).all().item<bool>());

        Assert.False(clip.Audio.Substituted);
        Assert.Equal([128L, 3000], clip.InputFeatures.shape);
        // One second in, the loudest mel band is the one whose filter peaks at the 440 Hz FFT bin (bin 11 of 201).
        var filters = MelFilterBank.Slaney(201, 128, 0, 8000, 16000);
        int toneBand = Enumerable.Range(0, 128).MaxBy(m => filters[m, 11]);
        using var second = clip.InputFeatures[.., 100];
        Assert.Equal(toneBand, second.argmax().item<long>());
        // The 3 s tone is followed by 27 s of zero padding, which sits at the clamp floor (max − 8 + 4)/4.
        using var lastFrame = clip.InputFeatures[.., 2999];
        using var max = clip.InputFeatures.max();
        Assert.Equal((max.item<float>() * 4 - 8) / 4, lastFrame.max().item<float>(), 1e-5);

        VideoClipTimings t = clip.Timings;
        Assert.All([t.ProbeSeconds, t.VideoDecodeSeconds, t.AudioDecodeSeconds, t.PixelSeconds, t.MelSeconds], s => Assert.True(s > 0));
        Assert.True(t.TotalSeconds >= t.ProbeSeconds + t.PixelSeconds + t.MelSeconds);
    }

    [Fact]
    public void PadToSquareFillsAboveAndBelowAWideFrameWithTheMeanColour()
    {
        var loader = new VideoClipLoader(featureExtractor: new WhisperFeatureExtractor(featureSize: 80));
        using VideoClip clip = loader.Load(TestMedia.WideShort, ImageFraming.PadToSquare);

        Assert.Equal([0, 1, 1, 2, 2, 3, 3, 4], clip.FrameIndices);
        Assert.Equal([8L, 3, 224, 224], clip.PixelValues.shape);
        // 200×80 is pasted at rows 60..139 of a 200×200 canvas of (127,127,127): the top and bottom bands of the
        // 224×224 result (well clear of the bicubic kernel) are exactly the pad value.
        float pad = (float)(127 * (1 / 255.0)) - 0.5f;
        pad /= 0.5f;
        using var top = clip.PixelValues[.., .., ..60, ..];
        using var bottom = clip.PixelValues[.., .., 164.., ..];
        Assert.True(top.eq(pad).all().item<bool>());
        Assert.True(bottom.eq(pad).all().item<bool>());

        // No audio stream: the reference's silence, reported, and features of pure silence.
        Assert.True(clip.Audio.Substituted);
        Assert.Equal([80L, 3000], clip.InputFeatures.shape);
        Assert.True(clip.InputFeatures.eq(-1.5f).all().item<bool>());
    }

    [Fact]
    public void AudioPolicyErrorWhenMissingReachesTheLoader()
    {
        var loader = new VideoClipLoader(audioPolicy: AudioPolicy.ErrorWhenMissing);
        var e = Assert.Throws<R1OmniException>(() => loader.Load(TestMedia.Silent, ImageFraming.Squash));
        Assert.Contains(TestMedia.Silent, e.Message);
    }

    [Fact]
    public void TruncatedVideoIsAnError()
    {
        string path = TestMedia.Truncated(TestMedia.ColourClip, "truncated.mp4", 0.5);
        var e = Assert.Throws<R1OmniException>(() => new VideoClipLoader().Load(path, ImageFraming.Squash));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated or corrupt", e.Message);
    }
}
