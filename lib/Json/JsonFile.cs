using System.Text.Json;

namespace R1Omni.Json;

/// <summary>Reads a JSON file with errors that name the file and, for malformed text, the line and position.</summary>
public static class JsonFile
{
    static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow };

    public static JsonDocument Parse(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new R1OmniException($"{path}: file not found", e);
        }
        try { return JsonDocument.Parse(text, Options); }
        catch (JsonException e)
        {
            throw new R1OmniException($"{path}: malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: " +
                                      FirstSentence(e.Message), e);
        }
    }

    // System.Text.Json appends "LineNumber: .. | BytePositionInLine: .." which the message above already states.
    static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}
