using System.Diagnostics;
using System.Runtime.InteropServices;
using R1Omni.SynthEmo;

namespace R1Omni.Tests.SynthEmo;

/// <summary>An mp4 decoded by ffmpeg into raw rgb24 frames and mono f32le audio at the clip's own format.</summary>
sealed record DecodedClip(byte[] Video, float[] Audio, ClipFormat Format)
{
    public int Frames => Video.Length / Format.FrameBytes;

    public ReadOnlySpan<byte> Frame(int t) => Video.AsSpan(t * Format.FrameBytes, Format.FrameBytes);

    public static DecodedClip Load(string path, ClipFormat format)
    {
        byte[] video = Run("-i", path, "-an", "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
        byte[] audio = Run("-i", path, "-vn", "-f", "f32le", "-ac", "1", "-ar", $"{format.SampleRate}", "-");
        Assert.Equal(0, video.Length % format.FrameBytes);
        return new DecodedClip(video, MemoryMarshal.Cast<byte, float>(audio).ToArray(), format);
    }

    static byte[] Run(params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])["-v", "error", "-nostdin", .. args]) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        string errors = "";
        // Read stderr on its own thread: decodes run on pool threads, which an async read would wait for.
        var reader = new Thread(() => errors = p.StandardError.ReadToEnd());
        reader.Start();
        using var output = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(output);
        p.WaitForExit();
        reader.Join();
        Assert.True(p.ExitCode == 0, $"ffmpeg {string.Join(' ', args)} failed: {errors}");
        return output.ToArray();
    }
}
