using R1Omni.Media;

namespace R1Omni.Tests.Media;

public class MediaProbeTests
{
    [Fact]
    public void ColourClipReportsItsStreamsSizeRateAndFrameCount()
    {
        MediaInfo media = MediaProbe.Probe(TestMedia.ColourClip);
        Assert.Equal(TestMedia.ColourClip, media.Path);
        Assert.Contains("mp4", media.FormatName);
        Assert.Equal(TestMedia.Seconds, media.Duration!.Value, 0.05);

        VideoStreamInfo video = Assert.IsType<VideoStreamInfo>(media.Video);
        Assert.Equal("h264", video.Codec);
        Assert.Equal((TestMedia.Width, TestMedia.Height), (video.Width, video.Height));
        Assert.Equal(0, video.Rotation);
        Assert.Equal(TestMedia.Fps, video.Fps, 1e-9);
        Assert.Equal(TestMedia.Frames, video.FrameCount);
        Assert.Equal(FrameCountSource.ContainerHeader, video.FrameCountSource);
        Assert.Equal(TestMedia.Seconds, video.Duration!.Value, 1e-6);

        AudioStreamInfo audio = Assert.IsType<AudioStreamInfo>(media.Audio);
        Assert.Equal("aac", audio.Codec);
        Assert.Equal(TestMedia.AudioRate, audio.SampleRate);
        Assert.Equal(1, audio.Channels);
        Assert.NotEqual(video.Index, audio.Index);
    }

    [Fact]
    public void MatroskaHasNoFrameCountSoPacketsAreCounted()
    {
        VideoStreamInfo video = MediaProbe.Probe(TestMedia.ColourMkv).Video!;
        Assert.Equal(TestMedia.Frames, video.FrameCount);
        Assert.Equal(FrameCountSource.PacketCount, video.FrameCountSource);
    }

    [Fact]
    public void StereoAndSilentAndAudioOnlyFilesReportTheirStreams()
    {
        Assert.Equal(2, MediaProbe.Probe(TestMedia.Stereo).Audio!.Channels);

        MediaInfo silent = MediaProbe.Probe(TestMedia.Silent);
        Assert.True(silent.HasVideo);
        Assert.False(silent.HasAudio);

        MediaInfo audioOnly = MediaProbe.Probe(TestMedia.AudioOnly);
        Assert.False(audioOnly.HasVideo);
        Assert.True(audioOnly.HasAudio);
    }

    [Fact]
    public void QuarterTurnRotationSwapsTheFrameSize()
    {
        VideoStreamInfo video = MediaProbe.Probe(TestMedia.Rotated).Video!;
        Assert.Equal(90, Math.Abs(video.Rotation));
        Assert.Equal((TestMedia.Height, TestMedia.Width), (video.Width, video.Height));
    }

    [Fact]
    public void ZeroFrameStreamHasFrameCountZero()
    {
        VideoStreamInfo video = MediaProbe.Probe(TestMedia.ZeroFrames).Video!;
        Assert.Equal(0, video.FrameCount);
        Assert.Equal(FrameCountSource.PacketCount, video.FrameCountSource);
    }

    [Fact]
    public void MissingFileIsAnErrorNamingIt()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "nope.mp4");
        var e = Assert.Throws<R1OmniException>(() => MediaProbe.Probe(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("not found", e.Message);
    }

    [Theory]
    [InlineData("garbage.mp4")]
    [InlineData("empty.mp4")]
    public void GarbageOrEmptyFileIsAnErrorNamingItAndQuotingFfprobe(string name)
    {
        string text = name == "empty.mp4" ? "" : string.Concat(Enumerable.Repeat("this is not a video file\n", 200));
        string path = TestMedia.Write(name, System.Text.Encoding.ASCII.GetBytes(text));
        var e = Assert.Throws<R1OmniException>(() => MediaProbe.Probe(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("Invalid data found when processing input", e.Message);
    }

    [Fact]
    public void Mp4CutBeforeItsIndexIsAnErrorNamingIt()
    {
        string path = TestMedia.Truncated(TestMedia.IndexAtEnd, "cut.mp4", 0.5);
        var e = Assert.Throws<R1OmniException>(() => MediaProbe.Probe(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("moov atom not found", e.Message);
    }

    [Fact]
    public void MissingToolsAreAnErrorThatPointsToSetup()
    {
        string emptyFolder = TestPaths.NewTempDir();
        var e = Assert.Throws<R1OmniException>(() => FFmpegTools.FromSearchPath(emptyFolder));
        Assert.Contains("ffmpeg and ffprobe not found on PATH", e.Message);
        Assert.Contains(emptyFolder, e.Message);
        Assert.Contains("environment/setup", e.Message);
    }
}
