using System.ComponentModel;
using System.Diagnostics;

namespace R1Omni.Media;

/// <summary>
/// The ffmpeg and ffprobe executables, and how media decoding runs them: one process per call, arguments passed
/// as a list (no shell quoting), stdout read as raw bytes, stderr kept for error messages.
/// </summary>
public sealed class FFmpegTools
{
    static readonly string ExecutableSuffix = OperatingSystem.IsWindows() ? ".exe" : "";
    static FFmpegTools? _default;

    FFmpegTools(string ffmpeg, string ffprobe)
    {
        FFmpeg = ffmpeg;
        FFprobe = ffprobe;
    }

    public string FFmpeg { get; }
    public string FFprobe { get; }

    /// <summary>The tools found on the process's PATH (looked up on first use and remembered once found).</summary>
    public static FFmpegTools Default => _default ??= FromSearchPath(Environment.GetEnvironmentVariable("PATH"));

    /// <summary>Finds ffmpeg and ffprobe in the folders of <paramref name="searchPath"/> (PATH syntax).</summary>
    public static FFmpegTools FromSearchPath(string? searchPath)
    {
        string[] folders = (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string? Find(string name) => folders.Select(f => Path.Combine(f, name + ExecutableSuffix)).FirstOrDefault(File.Exists);
        string? ffmpeg = Find("ffmpeg"), ffprobe = Find("ffprobe");
        if (ffmpeg is null || ffprobe is null)
        {
            string missing = string.Join(" and ", new[] { ffmpeg is null ? "ffmpeg" : null, ffprobe is null ? "ffprobe" : null }.OfType<string>());
            throw new R1OmniException($"{missing} not found on PATH (searched: {(folders.Length == 0 ? "no folders" : string.Join(Path.PathSeparator, folders))}); " +
                                      "media decoding needs both: run environment/setup, which installs them (apt-get install -y ffmpeg)");
        }
        return new FFmpegTools(ffmpeg, ffprobe);
    }

    /// <summary>
    /// Runs <paramref name="executable"/> and hands its stdout to <paramref name="readOutput"/>, which must read it to
    /// the end. A non-zero exit is an error that names <paramref name="mediaPath"/>, says what was being done and
    /// quotes the tool's last error lines. Returns the output and everything the tool wrote to stderr.
    /// </summary>
    internal (T Output, string Log) Run<T>(string executable, IReadOnlyList<string> arguments, Func<Stream, T> readOutput,
                                           string mediaPath, string action)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);

        Process process;
        try { process = Process.Start(start) ?? throw new Win32Exception("no process was started"); }
        catch (Win32Exception e)
        {
            throw new R1OmniException($"could not run {executable} ({e.Message}): run environment/setup, which installs ffmpeg", e);
        }
        using (process)
        {
            // Drained concurrently so a chatty tool cannot block on a full stderr pipe while stdout is read.
            Task<string> log = process.StandardError.ReadToEndAsync();
            T output;
            try { output = readOutput(process.StandardOutput.BaseStream); }
            catch
            {
                // The reader gave up early: the tool may be blocked writing to stdout, so it would never exit.
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                throw;
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new R1OmniException($"{mediaPath}: {action} failed ({Path.GetFileName(executable)} exit code {process.ExitCode}): " +
                                          LastLines(log.Result));
            return (output, log.Result);
        }
    }

    /// <summary>The tail of a tool's stderr, for error messages (ffmpeg puts the decisive line last).</summary>
    internal static string LastLines(string log, int count = 4)
    {
        string[] lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no message)" : string.Join(" | ", lines[^Math.Min(count, lines.Length)..]);
    }
}
