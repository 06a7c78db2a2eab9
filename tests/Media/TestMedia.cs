using System.Diagnostics;
using System.Text;
using R1Omni.Media;

namespace R1Omni.Tests.Media;

/// <summary>
/// Small real media files made with ffmpeg's lavfi sources on first use (shared by the media tests). Video frames
/// are solid colours that encode their frame number (<see cref="Colour"/>), so a decoded frame can be identified;
/// the h264 encode is lossless (qp 0) so only the YUV↔RGB round trip (±3) separates it from the source colour.
/// </summary>
public static class TestMedia
{
    public const int Fps = 10, Frames = 30, Width = 160, Height = 120, SineHz = 440, AudioRate = 44100;
    public const double Seconds = 3.0, SineAmplitude = 0.125; // lavfi sine's amplitude is 1/8

    static readonly string Dir = TestPaths.NewTempDir("media");
    static readonly string[] H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p"];

    /// <summary>Frame i's colour: red rises and green falls by 8 per frame, so neighbours differ by 16 in total.</summary>
    public static (int R, int G, int B) Colour(int frame) => (10 + 8 * frame, 245 - 8 * frame, 128);

    /// <summary>160×120, 30 frames at 10 fps (h264, yuv420p), mono 440 Hz sine (aac 44.1 kHz); the index is at the
    /// front (faststart), so cutting the file leaves it readable but short.</summary>
    public static string ColourClip => _colourClip.Value;
    static readonly Lazy<string> _colourClip = Make("colour.mp4", () => ["-f", "lavfi", "-i", ColourSource(Width, Height, Seconds), "-f", "lavfi", "-i", $"sine=frequency={SineHz}:sample_rate={AudioRate}:duration={Seconds}",
         .. H264, "-c:a", "aac", "-movflags", "+faststart"]);

    /// <summary><see cref="ColourClip"/> remuxed without faststart: the index is written last.</summary>
    public static string IndexAtEnd => _indexAtEnd.Value;
    static readonly Lazy<string> _indexAtEnd = Make("index-at-end.mp4", () => ["-i", ColourClip, "-c", "copy"]);

    /// <summary><see cref="ColourClip"/> remuxed to Matroska, which states no frame count.</summary>
    public static string ColourMkv => _colourMkv.Value;
    static readonly Lazy<string> _colourMkv = Make("colour.mkv", () => ["-i", ColourClip, "-c", "copy"]);

    /// <summary>The colour video with no audio stream.</summary>
    public static string Silent => _silent.Value;
    static readonly Lazy<string> _silent = Make("silent.mp4", () => ["-f", "lavfi", "-i", ColourSource(Width, Height, Seconds), .. H264]);

    /// <summary>The colour video with stereo audio: the 440 Hz sine on the left, silence on the right.</summary>
    public static string Stereo => _stereo.Value;
    static readonly Lazy<string> _stereo = Make("stereo.mp4", () => ["-f", "lavfi", "-i", ColourSource(Width, Height, Seconds),
         "-filter_complex", $"sine=frequency={SineHz}:sample_rate={AudioRate}:duration={Seconds}[l];" +
                            $"anullsrc=r={AudioRate}:cl=mono,atrim=duration={Seconds}[r];[l][r]amerge=inputs=2[a]",
         "-map", "0:v", "-map", "[a]", .. H264, "-c:a", "aac"]);

    /// <summary>A wide 200×80 video of only 5 frames (fewer than the 8 sampled), no audio.</summary>
    public static string WideShort => _wideShort.Value;
    static readonly Lazy<string> _wideShort = Make("wide-short.mp4", () => ["-f", "lavfi", "-i", ColourSource(200, 80, 0.5), .. H264]);

    /// <summary><see cref="Silent"/> with a 90° display rotation: players and decoders show it 120 wide, 160 tall.</summary>
    public static string Rotated => _rotated.Value;
    static readonly Lazy<string> _rotated = Make("rotated.mp4", () => ["-i", Silent, "-c", "copy", "-metadata:s:v:0", "rotate=90"]);

    /// <summary>Audio only (aac in mp4).</summary>
    public static string AudioOnly => _audioOnly.Value;
    static readonly Lazy<string> _audioOnly = Make("audio-only.m4a", () => ["-f", "lavfi", "-i", $"sine=frequency={SineHz}:sample_rate={AudioRate}:duration=1", "-c:a", "aac"]);

    /// <summary>A y4m header that declares a 160×120 video stream followed by no frame.</summary>
    public static string ZeroFrames => _zeroFrames.Value;
    static readonly Lazy<string> _zeroFrames = new(() =>
        Write("zero-frames.y4m", Encoding.ASCII.GetBytes("YUV4MPEG2 W160 H120 F10:1 Ip A1:1 C420jpeg\n")));

    /// <summary>The first <paramref name="keep"/> fraction of <paramref name="source"/>'s bytes, as a new file.</summary>
    public static string Truncated(string source, string name, double keep)
    {
        byte[] bytes = File.ReadAllBytes(source);
        return Write(name, bytes[..(int)(bytes.Length * keep)]);
    }

    public static string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(TestPaths.NewTempDir(Path.GetFileNameWithoutExtension(name)), name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The nearest frame number to an image's mean colour, and how far the mean is from that frame's colour.</summary>
    public static (int Frame, double Distance) Identify(RgbImage image)
    {
        var (r, g, b) = MeanColour(image);
        return Enumerable.Range(0, Frames)
            .Select(i => (Frame: i, Distance: Math.Max(Math.Max(Math.Abs(r - Colour(i).R), Math.Abs(g - Colour(i).G)), Math.Abs(b - Colour(i).B))))
            .MinBy(x => x.Distance);
    }

    public static (double R, double G, double B) MeanColour(RgbImage image)
    {
        double r = 0, g = 0, b = 0;
        for (int i = 0; i < image.Pixels.Length; i += 3) { r += image.Pixels[i]; g += image.Pixels[i + 1]; b += image.Pixels[i + 2]; }
        int n = image.Width * image.Height;
        return (r / n, g / n, b / n);
    }

    // geq evaluates per frame, with N the frame number.
    static string ColourSource(int width, int height, double seconds) =>
        $"color=c=black:s={width}x{height}:r={Fps}:d={seconds},format=gbrp,geq=r='10+8*N':g='245-8*N':b='128'";

    static Lazy<string> Make(string name, Func<string[]> arguments) => new(() =>
    {
        string path = Path.Combine(Dir, name);
        RunFFmpeg([.. arguments(), path]);
        return path;
    });

    static void RunFFmpeg(string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["-nostdin", "-hide_banner", "-loglevel", "error", "-y", .. arguments]) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string log = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed: {log}");
    }
}
