using R1Omni.Media;

namespace R1Omni.Tests.Media;

public class DecodedMediaCacheTests
{
    static bool Same(VideoClip a, VideoClip b) =>
        a.FrameIndices.SequenceEqual(b.FrameIndices) && a.PixelValues.equal(b.PixelValues).all().item<bool>()
        && a.InputFeatures.equal(b.InputFeatures).all().item<bool>() && a.Audio.Samples.SequenceEqual(b.Audio.Samples);

    [Fact]
    public void ACachedLoadEqualsAnUncachedOneAndTheSecondLoadRunsNoFfmpeg()
    {
        var cache = new DecodedMediaCache(1L << 30);
        var cached = new VideoClipLoader(cache: cache);
        using var fresh = new VideoClipLoader().Load(TestMedia.ColourClip, ImageFraming.Squash);

        using (var first = cached.Load(TestMedia.ColourClip, ImageFraming.Squash))
        {
            Assert.False(first.Timings.FromCache);
            Assert.True(Same(fresh, first));
        }
        using var second = cached.Load(TestMedia.ColourClip, ImageFraming.Squash);   // the first clip's tensors are disposed: the second owns its own
        Assert.True(second.Timings.FromCache);
        Assert.Equal([0.0, 0.0, 0.0], [second.Timings.ProbeSeconds, second.Timings.VideoDecodeSeconds, second.Timings.AudioDecodeSeconds]);
        Assert.True(Same(fresh, second));
        Assert.Equal((1, 1, 1), (cache.Misses, cache.Hits, cache.Count));
        Assert.Equal(second.Frames.Sum(f => (long)f.Pixels.Length) + second.Audio.Samples.Length * 4L, cache.Bytes);
    }

    [Fact]
    public void LoadersWithOtherFramingOrFeaturesShareTheDecodeAndComputeTheirOwnInputs()
    {
        var cache = new DecodedMediaCache(1L << 30);
        using var squashed = new VideoClipLoader(cache: cache).Load(TestMedia.WideShort, ImageFraming.Squash);
        var padLoader = new VideoClipLoader(featureExtractor: new WhisperFeatureExtractor(featureSize: 80), cache: cache);
        using var padded = padLoader.Load(TestMedia.WideShort, ImageFraming.PadToSquare);
        using var expected = new VideoClipLoader(featureExtractor: new WhisperFeatureExtractor(featureSize: 80)).Load(TestMedia.WideShort, ImageFraming.PadToSquare);

        Assert.True(padded.Timings.FromCache);
        Assert.True(Same(expected, padded));
        Assert.False(padded.PixelValues.equal(squashed.PixelValues).all().item<bool>());
        Assert.Equal([80L, 3000], padded.InputFeatures.shape);
    }

    [Fact]
    public void ARewrittenFileOrAnotherFrameCountIsDecodedAgain()
    {
        var cache = new DecodedMediaCache(1L << 30);
        string path = Path.Combine(TestPaths.NewTempDir("media-cache"), "clip.mp4");
        File.Copy(TestMedia.ColourClip, path);
        using (var clip = new VideoClipLoader(cache: cache).Load(path, ImageFraming.Squash)) Assert.False(clip.Timings.FromCache);
        using (var clip = new VideoClipLoader(numFrames: 4, cache: cache).Load(path, ImageFraming.Squash))
        {
            Assert.False(clip.Timings.FromCache);
            Assert.Equal(4, clip.FrameIndices.Length);
        }

        File.Copy(TestMedia.WideShort, path, overwrite: true);
        using var rewritten = new VideoClipLoader(cache: cache).Load(path, ImageFraming.Squash);
        Assert.False(rewritten.Timings.FromCache);
        Assert.Equal([0, 1, 1, 2, 2, 3, 3, 4], rewritten.FrameIndices);   // the new file's 5 frames, not the old one's
        Assert.Equal((3, 0), (cache.Misses, cache.Hits));
    }

    [Fact]
    public void AFullCacheDecodesWithoutKeepingAndAFailedDecodeIsNotKept()
    {
        var none = new DecodedMediaCache(0);
        var loader = new VideoClipLoader(cache: none);
        for (int i = 0; i < 2; i++)
            using (var clip = loader.Load(TestMedia.ColourClip, ImageFraming.Squash)) Assert.False(clip.Timings.FromCache);
        Assert.Equal((2, 0, 0, 0L), (none.Misses, none.Hits, none.Count, none.Bytes));

        var cache = new DecodedMediaCache(1L << 30);
        var failing = new VideoClipLoader(cache: cache);
        for (int i = 0; i < 2; i++) Assert.Throws<R1OmniException>(() => failing.Load(TestMedia.ZeroFrames, ImageFraming.Squash));
        Assert.Equal(0, cache.Count);
        Assert.Throws<R1OmniException>(() => new DecodedMediaCache(-1));
    }

    [Fact]
    public void PrefetchFillsTheCacheAndCountsTheFilesThatFail()
    {
        var cache = new DecodedMediaCache(1L << 30);
        var loader = new VideoClipLoader(cache: cache);
        Assert.Equal(1, loader.Prefetch([TestMedia.ColourClip, TestMedia.ZeroFrames, TestMedia.WideShort, TestMedia.ColourClip], parallelism: 2));
        Assert.Equal(2, cache.Count);
        using var clip = loader.Load(TestMedia.WideShort, ImageFraming.Squash);
        Assert.True(clip.Timings.FromCache);
        Assert.Throws<R1OmniException>(() => loader.Load(TestMedia.ZeroFrames, ImageFraming.Squash));   // its load reports the error
        Assert.Throws<R1OmniException>(() => new VideoClipLoader().Prefetch([TestMedia.ColourClip], parallelism: 2));
    }
}
