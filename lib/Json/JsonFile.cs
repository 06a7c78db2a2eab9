using System.Text.Json;

namespace R1Omni.Json;

/// <summary>
/// Parses a JSON file (or stream) with errors that name it and, for malformed text, the line and position; its fields
/// are then read with <see cref="JsonFields"/>.
/// </summary>
public static class JsonFile
{
    // Up to 256 levels of nesting (System.Text.Json's default is 64), so that deeply nested HF files still parse.
    static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 };

    /// <summary>Parses the file at <paramref name="path"/>; a missing or unreadable file is an error naming it.</summary>
    public static JsonDocument Parse(string path)
    {
        using var stream = Open(path);
        return Parse(stream, path);
    }

    /// <summary>Parses <paramref name="stream"/> (e.g. an inflated .gz file); <paramref name="name"/> names it in errors.</summary>
    public static JsonDocument Parse(Stream stream, string name)
    {
        try { return JsonDocument.Parse(stream, Options); }
        catch (JsonException e) { throw Malformed(name, e); }
    }

    /// <summary>The bytes of a file, for readers that parse it in pieces (JSONL); errors name the file.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        try { return File.ReadAllBytes(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { throw NotFound(path, e); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw Unreadable(path, e); }
    }

    /// <summary>"{where}: malformed JSON at line L, position P: reason", with 1-based line and position.</summary>
    public static R1OmniException Malformed(string where, JsonException e) =>
        e.LineNumber is { } line && e.BytePositionInLine is { } position
            ? new R1OmniException($"{where}: malformed JSON at line {line + 1}, position {position + 1}: {Reason(e)}", e)
            : new R1OmniException($"{where}: malformed JSON: {Reason(e)}", e);

    /// <summary>
    /// What System.Text.Json found wrong, without the "Path: .. | LineNumber: .. | BytePositionInLine: .." tail it appends
    /// (callers state the location in their own terms) and without the final full stop.
    /// </summary>
    public static string Reason(JsonException e)
    {
        string m = e.Message;
        int cut = m.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0) cut = m.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        return (cut < 0 ? m : m[..cut]).TrimEnd(' ', '.');
    }

    static FileStream Open(string path)
    {
        try { return File.OpenRead(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { throw NotFound(path, e); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw Unreadable(path, e); }
    }

    static R1OmniException NotFound(string path, Exception e) => new($"{path}: file not found", e);

    static R1OmniException Unreadable(string path, Exception e) => new($"{path}: cannot be read ({e.Message})", e);
}
