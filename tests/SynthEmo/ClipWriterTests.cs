using R1Omni.SynthEmo;

namespace R1Omni.Tests.SynthEmo;

/// <summary>ffmpeg failures become errors that name the clip, and leave no partial files behind.</summary>
public sealed class ClipWriterTests
{
    static readonly ClipFormat Format = new(Width: 32, Height: 32, Fps: 4, Seconds: 0.5);

    static void Write(string ffmpeg, string path) =>
        new ClipWriter(Format, ffmpeg).Write(path, "clip_7", (_, frame) => frame.Fill(128), new float[Format.SampleCount]);

    [Fact]
    public void MissingFfmpegNamesTheClip()
    {
        string dir = TestPaths.NewTempDir();
        var e = Assert.Throws<R1OmniException>(() => Write(Path.Combine(dir, "no-such-ffmpeg"), Path.Combine(dir, "clip_7.mp4")));
        Assert.Contains("clip clip_7", e.Message);
        Assert.Contains("install ffmpeg", e.Message);
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void FailingFfmpegReportsExitCodeAndErrorOutput()
    {
        string dir = TestPaths.NewTempDir();
        string fake = Path.Combine(dir, "fake-ffmpeg");
        File.WriteAllText(fake, "#!/bin/sh\necho 'Unknown encoder libx264' >&2\nexit 3\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        string output = Path.Combine(dir, "out", "clip_7.mp4");
        var e = Assert.Throws<R1OmniException>(() => Write(fake, output));
        Assert.Contains("clip clip_7", e.Message);
        Assert.Contains(output, e.Message);
        Assert.Contains("exit code 3", e.Message);
        Assert.Contains("Unknown encoder libx264", e.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "out")));
    }

    [Fact]
    public void WritesH264AndAacAtTheRequestedFormat()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "clip_7.mp4");
        Write("ffmpeg", path);
        var clip = DecodedClip.Load(path, Format);
        Assert.Equal(Format.FrameCount, clip.Frames);
        Assert.All(clip.Video, b => Assert.InRange(b, 126, 130));
        Assert.All(clip.Audio, s => Assert.Equal(0f, s, 1e-4f));
        byte[] head = File.ReadAllBytes(path)[4..8];
        Assert.Equal("ftyp"u8.ToArray(), head);
    }
}
