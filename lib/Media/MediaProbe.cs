using System.Globalization;
using System.Text.Json;

namespace R1Omni.Media;

/// <summary>
/// Reads a media file's streams, duration and video frame count with ffprobe's JSON output. (FFMpegCore's
/// <c>FFProbe</c> models no frame count, which frame sampling needs, so ffprobe is run directly: one process.)
/// </summary>
public static class MediaProbe
{
    /// <summary>The cheap check (the default of manifest validation): null when the file can be read and has at least
    /// one byte, else what is wrong.</summary>
    public static string? NonEmptyFile(string path)
    {
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            return f.Length == 0 ? "empty file (0 bytes)" : f.ReadByte() < 0 ? "cannot read its first byte" : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read ({e.Message})";
        }
    }

    /// <summary>
    /// The thorough check (<c>validate --probe</c>): null when ffprobe reads the file and finds a video stream with at
    /// least one frame, else what is wrong. It reads the container's headers (and counts packets where the header has
    /// no count), not every frame.
    /// </summary>
    public static string? Streams(string path)
    {
        if (NonEmptyFile(path) is { } problem) return problem;
        MediaInfo info;
        try { info = Probe(path); }
        catch (R1OmniException e) { return e.Message.StartsWith(path, StringComparison.Ordinal) ? e.Message[path.Length..].TrimStart(':', ' ') : e.Message; }
        return info.Video is not { } video ? $"no video stream ({(info.HasAudio ? "audio only" : "no streams ffprobe can read")})"
             : video.FrameCount < 1 ? $"video stream {video.Index} has no frames"
             : null;
    }

    public static MediaInfo Probe(string path, FFmpegTools? tools = null)
    {
        if (!File.Exists(path)) throw new R1OmniException($"media file not found: {path}");
        tools ??= FFmpegTools.Default;
        using JsonDocument doc = RunJson(tools, path, "reading it as a media file",
                                         ["-print_format", "json", "-show_format", "-show_streams"]);
        JsonElement root = doc.RootElement;

        VideoStreamInfo? video = null;
        AudioStreamInfo? audio = null;
        if (root.TryGetProperty("streams", out JsonElement streams))
            foreach (JsonElement stream in streams.EnumerateArray())
            {
                string type = Text(stream, "codec_type") ?? "";
                if (type == "video" && video is null && !IsCoverPicture(stream)) video = ReadVideo(stream, path, tools);
                else if (type == "audio" && audio is null) audio = ReadAudio(stream);
            }

        JsonElement format = root.TryGetProperty("format", out JsonElement f) ? f : default;
        return new MediaInfo(path, format.ValueKind == JsonValueKind.Object ? Text(format, "format_name") ?? "" : "",
                             format.ValueKind == JsonValueKind.Object ? Number(format, "duration") : null, video, audio);
    }

    static VideoStreamInfo ReadVideo(JsonElement stream, string path, FFmpegTools tools)
    {
        int index = (int)Number(stream, "index")!.Value;
        int width = (int)(Number(stream, "width") ?? 0), height = (int)(Number(stream, "height") ?? 0);
        double rotation = Rotation(stream);
        if (Math.Abs(rotation) % 180 == 90) (width, height) = (height, width);
        double fps = FrameRate(Text(stream, "avg_frame_rate"));
        if (fps == 0) fps = FrameRate(Text(stream, "r_frame_rate"));

        long? declared = (long?)Number(stream, "nb_frames");
        var (count, source) = declared > 0
            ? (declared.Value, FrameCountSource.ContainerHeader)
            : (CountPackets(tools, path, index), FrameCountSource.PacketCount);
        if (count > int.MaxValue) throw new R1OmniException($"{path}: video stream {index} reports {count} frames, more than supported");
        return new VideoStreamInfo(index, Text(stream, "codec_name") ?? "unknown", width, height, rotation, fps,
                                   (int)count, source, Number(stream, "duration"));
    }

    static AudioStreamInfo ReadAudio(JsonElement stream) =>
        new((int)Number(stream, "index")!.Value, Text(stream, "codec_name") ?? "unknown",
            (int)(Number(stream, "sample_rate") ?? 0), (int)(Number(stream, "channels") ?? 0), Number(stream, "duration"));

    /// <summary>Demuxes the stream and counts its packets (ffprobe omits the count when it is zero).</summary>
    static long CountPackets(FFmpegTools tools, string path, int index)
    {
        using JsonDocument doc = RunJson(tools, path, $"counting the packets of video stream {index}",
                                         ["-count_packets", "-select_streams", index.ToString(CultureInfo.InvariantCulture),
                                          "-show_entries", "stream=nb_read_packets", "-print_format", "json"]);
        foreach (JsonElement stream in doc.RootElement.GetProperty("streams").EnumerateArray())
            return (long)(Number(stream, "nb_read_packets") ?? 0);
        return 0;
    }

    static JsonDocument RunJson(FFmpegTools tools, string path, string action, string[] arguments)
    {
        var (json, _) = tools.Run(tools.FFprobe, ["-v", "error", .. arguments, path],
                                  stdout => new StreamReader(stdout).ReadToEnd(), path, $"ffprobe {action}");
        try { return JsonDocument.Parse(json); }
        catch (JsonException e) { throw new R1OmniException($"{path}: ffprobe printed malformed JSON while {action}: {e.Message}", e); }
    }

    /// <summary>Album art and thumbnails are video streams of one picture, not the clip.</summary>
    static bool IsCoverPicture(JsonElement stream) =>
        stream.TryGetProperty("disposition", out JsonElement d) && Number(d, "attached_pic") == 1;

    /// <summary>The display-matrix rotation (ffprobe ≥ 5 prints it as side data; older ones as the "rotate" tag).</summary>
    static double Rotation(JsonElement stream)
    {
        if (stream.TryGetProperty("side_data_list", out JsonElement sideData))
            foreach (JsonElement entry in sideData.EnumerateArray())
                if (Number(entry, "rotation") is double rotation) return rotation;
        return stream.TryGetProperty("tags", out JsonElement tags) ? Number(tags, "rotate") ?? 0 : 0;
    }

    /// <summary>"num/den" as a number; 0 for "0/0" and anything unreadable.</summary>
    static double FrameRate(string? rational)
    {
        string[] parts = (rational ?? "").Split('/');
        return parts.Length == 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out double num)
               && double.TryParse(parts[1], CultureInfo.InvariantCulture, out double den) && den != 0 ? num / den : 0;
    }

    static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A numeric field; ffprobe writes many numbers as strings ("30", "44100", "3.000000") and "N/A" when unknown.</summary>
    static double? Number(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out JsonElement value)) return null;
        if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
        return value.ValueKind == JsonValueKind.String
               && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? parsed : null;
    }
}
