using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using R1Omni.Runtime;

namespace R1Omni.SynthEmo;

/// <summary>
/// Muxes rendered frames and a waveform into an mp4 (H.264 yuv420p + AAC) with one ffmpeg process per clip: raw
/// rgb24 frames stream through stdin, the audio goes through a temporary f32le file. Bit-exact flags, no metadata
/// and a single x264 thread make the bytes identical from run to run. The clip appears atomically (temporary file,
/// then rename); a failure names the clip and quotes ffmpeg's error output.
/// </summary>
public sealed class ClipWriter(ClipFormat format, string ffmpeg = "ffmpeg")
{
    public void Write(string path, string clipId, Action<int, Span<byte>> renderFrame, ReadOnlySpan<float> audio)
    {
        if (audio.Length != format.SampleCount)
            throw new ArgumentException($"clip {clipId}: {audio.Length} audio samples, expected {format.SampleCount}", nameof(audio));
        byte[] samples = MemoryMarshal.AsBytes(audio).ToArray();
        AtomicFile.Write(path, (string videoTemp) =>
        {
            string audioTemp = videoTemp + ".f32";
            try
            {
                File.WriteAllBytes(audioTemp, samples);
                Encode(videoTemp, audioTemp, clipId, path, renderFrame);
            }
            finally { File.Delete(audioTemp); }
        });
    }

    void Encode(string output, string audioFile, string clipId, string path, Action<int, Span<byte>> renderFrame)
    {
        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string a in Arguments(audioFile, output)) start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start)!; }
        catch (Win32Exception e)
        {
            throw new R1OmniException($"clip {clipId}: cannot run '{ffmpeg}' to write {path} ({e.Message}); install ffmpeg (apt-get install -y ffmpeg)", e);
        }
        using (process)
        {
            // A dedicated thread, not ReadToEndAsync: clips render on pool threads, and blocking them while the
            // pool has to complete the read starves it when every worker is inside this method.
            string errors = "";
            var stderrReader = new Thread(() => errors = process.StandardError.ReadToEnd()) { IsBackground = true };
            stderrReader.Start();
            bool pipeBroken = false;
            var frame = new byte[format.FrameBytes];
            try
            {
                using var stdin = process.StandardInput.BaseStream;
                for (int i = 0; i < format.FrameCount; i++)
                {
                    renderFrame(i, frame);
                    stdin.Write(frame);
                }
            }
            catch (IOException) { pipeBroken = true; } // ffmpeg quit early; its exit code and stderr say why
            process.WaitForExit();
            stderrReader.Join();
            errors = errors.Trim();
            if (process.ExitCode != 0 || pipeBroken || !File.Exists(output))
                throw new R1OmniException($"clip {clipId}: ffmpeg failed writing {path} (exit code {process.ExitCode}" +
                                          $"{(pipeBroken ? ", stopped reading frames" : "")}): {Tail(errors)}");
        }
    }

    IEnumerable<string> Arguments(string audioFile, string output) =>
    [
        "-hide_banner", "-loglevel", "error", "-nostats", "-y",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-video_size", $"{format.Width}x{format.Height}", "-framerate", $"{format.Fps}", "-i", "pipe:0",
        "-f", "f32le", "-ar", $"{format.SampleRate}", "-ac", "1", "-i", audioFile,
        "-map", "0:v:0", "-map", "1:a:0",
        "-c:v", "libx264", "-preset", "medium", "-crf", $"{format.Crf}", "-pix_fmt", "yuv420p", "-threads", "1",
        "-c:a", "aac", "-b:a", "64k",
        "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1",
        "-f", "mp4", output,
    ];

    static string Tail(string text)
    {
        if (text.Length == 0) return "(no error output)";
        var lines = text.Split('\n');
        return string.Join(" | ", lines.TakeLast(5).Select(l => l.Trim()));
    }
}
