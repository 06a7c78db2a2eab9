using System.Text;
using System.Text.Json;
using R1Omni.Json;

namespace R1Omni.Data;

/// <summary>
/// Reads the items of a JSON list file (<c>[{...}, {...}]</c>) or of a JSONL file (one value per line), keeping the
/// line each item starts on so that errors can name it.
/// </summary>
internal static class JsonRecords
{
    public static IReadOnlyList<JsonRecord> Read(string path)
    {
        byte[] bytes = JsonFile.ReadAllBytes(path);
        int start = SkipBom(bytes);
        int first = start;
        while (first < bytes.Length && bytes[first] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') first++;
        return first < bytes.Length && bytes[first] == (byte)'[' ? ReadList(path, bytes, start) : ReadLines(path, bytes, start);
    }

    internal static int SkipBom(byte[] bytes) => bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? 3 : 0;

    static List<JsonRecord> ReadList(string path, byte[] bytes, int start)
    {
        var items = new List<JsonRecord>();
        var reader = new Utf8JsonReader(bytes.AsSpan(start));
        int line = 1;
        long counted = 0;
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                long at = reader.TokenStartIndex;
                line += bytes.AsSpan(start + (int)counted, (int)(at - counted)).Count((byte)'\n');
                counted = at;
                using var doc = JsonDocument.ParseValue(ref reader);
                items.Add(new JsonRecord(line, doc.RootElement.Clone()));
            }
            if (reader.Read()) throw new R1OmniException($"{path}:{LineAt(bytes, start, reader.TokenStartIndex)}: unexpected text after the closing ']' of the list");
        }
        catch (JsonException e)
        {
            throw new R1OmniException($"{path}:{e.LineNumber + 1}: malformed JSON ({JsonFile.Reason(e)})", e);
        }
        return items;
    }

    static List<JsonRecord> ReadLines(string path, byte[] bytes, int start)
    {
        var items = new List<JsonRecord>();
        int line = 0;
        for (int pos = start; pos < bytes.Length;)
        {
            int end = bytes.AsSpan(pos).IndexOf((byte)'\n');
            int next = end < 0 ? bytes.Length : pos + end + 1;
            var text = bytes.AsSpan(pos, (end < 0 ? bytes.Length : pos + end) - pos);
            line++;
            pos = next;
            if (text.Trim(" \t\r"u8).IsEmpty) continue;
            items.Add(new JsonRecord(line, ParseLine(text, path, line)));
        }
        return items;
    }

    /// <summary>One JSONL line as a detached element; malformed text fails naming the file and line.</summary>
    internal static JsonElement ParseLine(ReadOnlySpan<byte> text, string path, int line)
    {
        try
        {
            var reader = new Utf8JsonReader(text);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (reader.Read()) throw new R1OmniException($"{path}:{line}: unexpected text after the JSON value (one value per line expected)");
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new R1OmniException($"{path}:{line}: malformed JSON ({JsonFile.Reason(e)})", e);
        }
    }

    static int LineAt(byte[] bytes, int start, long offset) => 1 + bytes.AsSpan(start, (int)offset).Count((byte)'\n');

}
