using System.Text.Encodings.Web;
using System.Text.Json;
using R1Omni.Json;
using R1Omni.Runtime;

namespace R1Omni.Data;

/// <summary>
/// The workbench's manifest file (documented in data/README.md): a header line
/// <c>{"format":"r1omni-manifest","version":1,"name":...,"root":...}</c>, then one item object per line. Videos under
/// the root are stored relative to it, so a dataset folder can move: pass another root when reading.
/// </summary>
public static class ManifestJsonl
{
    public const string Format = "r1omni-manifest";
    public const int Version = 1;

    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the manifest atomically (a temporary file renamed over <paramref name="path"/>).</summary>
    public static void Write(Manifest manifest, string path)
    {
        AtomicFile.Write(path, (Stream stream) =>
        {
            WriteLine(stream, w =>
            {
                w.WriteString("format", Format);
                w.WriteNumber("version", Version);
                w.WriteString("name", manifest.Name);
                if (manifest.Root is null) w.WriteNull("root"); else w.WriteString("root", manifest.Root);
            });
            foreach (var item in manifest.Items) WriteLine(stream, w => WriteItem(w, item, manifest.Root));
        });
    }

    /// <summary>
    /// Reads a manifest. Relative videos resolve against <paramref name="root"/> when given, else the header's root
    /// (itself relative to the manifest's folder when relative), else the manifest's folder.
    /// </summary>
    public static Manifest Read(string path, string? root = null)
    {
        var records = JsonRecords.Read(path);
        if (records.Count == 0) throw new R1OmniException($"{path}: empty file (expected a header line {{\"format\":\"{Format}\", ...}})");
        var header = records[0];
        string hw = header.Where(path);
        JsonFields.Expect(header.Value, JsonValueKind.Object, hw, what: "the manifest header object");
        string format = JsonFields.OptionalString(header.Value, "format", hw) ?? "";
        if (format != Format)
            throw new R1OmniException($"{hw}: not a workbench manifest (the first line must be a header with \"format\":\"{Format}\")");
        if (!header.Value.TryGetProperty("version", out var v) || !v.TryGetInt32(out int version) || version != Version)
            throw new R1OmniException($"{hw}: unsupported manifest version (expected \"version\":{Version})");
        string name = JsonFields.RequiredString(header.Value, "name", hw);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string? headerRoot = JsonFields.OptionalString(header.Value, "root", hw);
        string resolvedRoot = Path.GetFullPath(root ?? (headerRoot is null ? folder : Path.Combine(folder, headerRoot)));
        var items = records.Skip(1).Select(r => ReadItem(r, path, resolvedRoot)).ToList();
        return new Manifest(name, root is null && headerRoot is null ? null : resolvedRoot, items);
    }

    static ManifestItem ReadItem(JsonRecord record, string path, string root)
    {
        string where = record.Where(path);
        var o = record.Value;
        JsonFields.Expect(o, JsonValueKind.Object, where, what: "an item object");
        var turns = JsonFields.Optional(o, "conversations", JsonValueKind.Array, where, what: TurnsShape)?.EnumerateArray()
            .Select((t, i) => Turn(t, where, $"conversations[{i}]")).ToList();
        return new ManifestItem
        {
            Id = JsonFields.RequiredString(o, "id", where),
            Video = VideoPath(JsonFields.RequiredString(o, "video", where, what: "a video path"), root, where),
            Label = JsonFields.OptionalString(o, "label", where),
            Source = JsonFields.RequiredString(o, "source", where),
            Conversations = turns,
            Problem = JsonFields.OptionalString(o, "problem", where),
            Solution = JsonFields.OptionalString(o, "solution", where),
            Meta = JsonFields.OptionalStringMap(o, "meta", where),
        };
    }

    /// <summary>
    /// A relative video resolved against the root, which it may not leave: the manifest's folder (or its root) is the
    /// boundary of what a relative path can reach, so "../../etc/passwd" is refused. An absolute path says where it points
    /// and is kept as written (the form the writer uses for videos outside the root).
    /// </summary>
    static string VideoPath(string video, string root, string where)
    {
        if (Path.IsPathRooted(video)) return Path.GetFullPath(video);
        string full = Path.GetFullPath(Path.Combine(root, video));
        string rel = Path.GetRelativePath(root, full);
        if (rel == ".." || rel.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(rel))
            throw new R1OmniException($"{where}: video '{video}' leaves the manifest's root {root}; a relative path must stay inside the root " +
                                      "(write an absolute path to point elsewhere, or pass --root with a folder that contains it)");
        return full;
    }

    internal const string TurnsShape = "a list of {\"from\", \"value\"}";

    /// <summary>One <c>{"from", "value"}</c> turn; <paramref name="path"/> is where it sits, e.g. <c>conversations[1]</c>.</summary>
    internal static ConversationTurn Turn(JsonElement t, string where, string path)
    {
        JsonFields.Expect(t, JsonValueKind.Object, where, path, "a {\"from\", \"value\"} turn");
        return new ConversationTurn(JsonFields.RequiredString(t, "from", where, $"{path}.from"),
                                    JsonFields.RequiredString(t, "value", where, $"{path}.value"));
    }

    static void WriteItem(Utf8JsonWriter w, ManifestItem item, string? root)
    {
        w.WriteString("id", item.Id);
        w.WriteString("video", StoredPath(item.Video, root));
        if (item.Label is not null) w.WriteString("label", item.Label);
        w.WriteString("source", item.Source);
        if (item.Conversations is not null)
        {
            w.WriteStartArray("conversations");
            foreach (var t in item.Conversations)
            {
                w.WriteStartObject();
                w.WriteString("from", t.From);
                w.WriteString("value", t.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (item.Problem is not null) w.WriteString("problem", item.Problem);
        if (item.Solution is not null) w.WriteString("solution", item.Solution);
        if (item.Meta.Count > 0)
        {
            w.WriteStartObject("meta");
            foreach (var (k, v) in item.Meta) w.WriteString(k, v);
            w.WriteEndObject();
        }
    }

    static string StoredPath(string video, string? root)
    {
        if (root is null) return video;
        string rel = Path.GetRelativePath(root, video);
        return rel == ".." || rel.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(rel) ? video : rel;
    }

    /// <summary>Writes one JSON object and a newline.</summary>
    internal static void WriteLine(Stream stream, Action<Utf8JsonWriter> body)
    {
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
    }
}
