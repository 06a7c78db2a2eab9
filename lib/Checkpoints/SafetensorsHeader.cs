using System.Text.Encodings.Web;
using System.Text.Json;

namespace R1Omni.Checkpoints;

/// <summary>
/// Parses and validates the JSON header of a safetensors file: every entry has a known dtype, a shape of
/// non-negative sizes and data_offsets whose length matches the shape, inside the data region, without overlaps.
/// </summary>
internal static class SafetensorsHeader
{
    /// <summary>The same cap the reference implementation applies; larger values mean a corrupt length prefix.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    public const string MetadataKey = "__metadata__";

    public static (Dictionary<string, TensorInfo> Tensors, Dictionary<string, string> Metadata) Parse(
        byte[] json, long dataLength, string path)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e)
        {
            throw new R1OmniException($"{path}: corrupt safetensors header: the JSON is malformed " +
                                      $"(byte {e.BytePositionInLine + 1} of the header): {e.Message}", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Corrupt(path, $"expected a JSON object, found {doc.RootElement.ValueKind}");
            var tensors = new Dictionary<string, TensorInfo>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == MetadataKey) { ReadMetadata(entry.Value, metadata, path); continue; }
                if (tensors.ContainsKey(entry.Name)) throw Corrupt(path, $"tensor '{entry.Name}' is listed twice");
                tensors.Add(entry.Name, ReadEntry(entry.Name, entry.Value, dataLength, path));
            }
            CheckNoOverlaps(tensors.Values, path);
            return (tensors, metadata);
        }
    }

    static TensorInfo ReadEntry(string name, JsonElement e, long dataLength, string path)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Bad(path, name, $"expected an object, found {e.ValueKind}");
        if (!e.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
            throw Bad(path, name, "missing or non-string 'dtype'");
        string dtypeName = dt.GetString()!;
        var dtype = SafetensorsDtypes.Parse(dtypeName)
            ?? throw Bad(path, name, $"unsupported dtype '{dtypeName}' (supported: {SafetensorsDtypes.Supported})");
        long[] shape = ReadLongs(e, "shape", path, name);
        long[] offsets = ReadLongs(e, "data_offsets", path, name);
        if (offsets.Length != 2) throw Bad(path, name, $"'data_offsets' must have 2 entries, found {offsets.Length}");
        var (begin, end) = (offsets[0], offsets[1]);
        if (begin > end) throw Bad(path, name, $"data_offsets [{begin}, {end}] are out of order");
        if (end > dataLength)
            throw Bad(path, name, $"data_offsets [{begin}, {end}] run past the data region of {dataLength} bytes (truncated file?)");
        TensorInfo info;
        long expected;
        // Checked: an element count such as 2^62 F32 would otherwise wrap the byte count to 0 and pass with offsets [0, 0].
        try { info = new TensorInfo(name, dtype, shape, begin, end); expected = checked(info.NumElements * dtype.ElementSize()); }
        catch (OverflowException) { throw Bad(path, name, $"shape {TensorInfo.FormatShape(shape)} of {dtype} overflows a 64-bit byte count"); }
        if (info.ByteLength != expected)
            throw Bad(path, name, $"data_offsets span {info.ByteLength} bytes but {dtype} {info.ShapeText} needs {expected}");
        return info;
    }

    static long[] ReadLongs(JsonElement e, string field, string path, string name)
    {
        if (!e.TryGetProperty(field, out var a) || a.ValueKind != JsonValueKind.Array)
            throw Bad(path, name, $"missing or non-array '{field}'");
        var values = new long[a.GetArrayLength()];
        int i = 0;
        foreach (var v in a.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out long x) || x < 0)
                throw Bad(path, name, $"'{field}' must hold non-negative integers, found {v.GetRawText()}");
            values[i++] = x;
        }
        return values;
    }

    static void ReadMetadata(JsonElement e, Dictionary<string, string> metadata, string path)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Corrupt(path, $"'{MetadataKey}' must be an object of strings");
        foreach (var p in e.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
                throw Corrupt(path, $"'{MetadataKey}.{p.Name}' must be a string, found {p.Value.ValueKind}");
            metadata[p.Name] = p.Value.GetString()!;
        }
    }

    static void CheckNoOverlaps(IEnumerable<TensorInfo> tensors, string path)
    {
        TensorInfo? previous = null;
        foreach (var t in tensors.Where(t => t.ByteLength > 0).OrderBy(t => t.Begin))
        {
            if (previous is not null && t.Begin < previous.End)
                throw Bad(path, t.Name, $"data_offsets [{t.Begin}, {t.End}] overlap those of '{previous.Name}' " +
                                        $"[{previous.Begin}, {previous.End}]");
            previous = t;
        }
    }

    /// <summary>Serialises a header the way the reference writer does: compact JSON, metadata first, then tensors sorted by name.</summary>
    public static byte[] Write(IEnumerable<TensorInfo> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps names such as "a+b" readable; the output is still valid JSON.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            if (metadata.Count > 0)
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal)) w.WriteString(k, v);
                w.WriteEndObject();
            }
            foreach (var t in tensors.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                w.WriteStartObject(t.Name);
                w.WriteString("dtype", t.Dtype.ToString());
                w.WriteStartArray("shape");
                foreach (long d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(t.Begin);
                w.WriteNumberValue(t.End);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        // Pad with spaces so the data region starts 8-byte aligned, as the reference writer does.
        int padded = (int)((buffer.Length + 7) / 8 * 8);
        var bytes = new byte[padded];
        buffer.ToArray().CopyTo(bytes, 0);
        bytes.AsSpan((int)buffer.Length).Fill((byte)' ');
        return bytes;
    }

    static R1OmniException Corrupt(string path, string what) => new($"{path}: corrupt safetensors header: {what}");

    static R1OmniException Bad(string path, string name, string what) =>
        new($"{path}: corrupt safetensors header: tensor '{name}': {what}");
}
