using System.Text.Encodings.Web;
using System.Text.Json;
using R1Omni.Runtime;
using TorchSharp;

namespace R1Omni.Checkpoints;

/// <summary>
/// Writes safetensors files that the Python <c>safetensors</c> package loads: compact JSON header sorted by name,
/// <c>__metadata__ {"format": "pt"}</c> by default (transformers refuses files without that format entry; metadata
/// passed in is written as given), header padded with spaces to a multiple of 8. Files are written
/// to a temporary name and renamed, so a crash never leaves a half-written checkpoint under the final name.
/// </summary>
public static class SafetensorsWriter
{
    static readonly IReadOnlyDictionary<string, string> DefaultMetadata = new Dictionary<string, string> { ["format"] = "pt" };

    public static void Save(string path, IEnumerable<KeyValuePair<string, torch.Tensor>> tensors,
                            IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = Validate(tensors, path);
        AtomicFile.Write(path, stream => Write(stream, list, metadata ?? DefaultMetadata));
    }

    /// <summary>
    /// Splits the tensors, in the order given, into shards of at most <paramref name="maxShardBytes"/> (a tensor larger
    /// than that gets a shard of its own) named <c>model-0000N-of-0000M.safetensors</c>, plus
    /// <c>model.safetensors.index.json</c>. A single shard is written as <c>model.safetensors</c> without an index.
    /// Shard and index files of an earlier save in the folder that this layout does not use are removed.
    /// </summary>
    public static void SaveSharded(string folder, IEnumerable<KeyValuePair<string, torch.Tensor>> tensors, long maxShardBytes,
                                   IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (maxShardBytes <= 0) throw new ArgumentOutOfRangeException(nameof(maxShardBytes), maxShardBytes, "must be positive");
        var list = Validate(tensors, folder);
        Directory.CreateDirectory(folder);
        var shards = new List<List<KeyValuePair<string, torch.Tensor>>> { new() };
        long current = 0;
        foreach (var pair in list)
        {
            long size = ByteLength(pair.Value);
            if (current > 0 && current + size > maxShardBytes) { shards.Add([]); current = 0; }
            shards[^1].Add(pair);
            current += size;
        }
        var written = new HashSet<string>(StringComparer.Ordinal);
        if (shards.Count == 1)
        {
            Save(Path.Combine(folder, CheckpointReader.SingleFileName), list, metadata);
            written.Add(CheckpointReader.SingleFileName);
        }
        else
        {
            var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < shards.Count; i++)
            {
                string name = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
                Save(Path.Combine(folder, name), shards[i], metadata);
                written.Add(name);
                foreach (var (key, _) in shards[i]) weightMap[key] = name;
            }
            long total = list.Sum(p => ByteLength(p.Value));
            AtomicFile.Write(Path.Combine(folder, CheckpointReader.IndexFileName), s => WriteIndex(s, total, weightMap));
            written.Add(CheckpointReader.IndexFileName);
        }
        RemoveStale(folder, written);
    }

    static void RemoveStale(string folder, HashSet<string> written)
    {
        var ours = Directory.EnumerateFiles(folder, "model-?????-of-?????.safetensors")
            .Append(Path.Combine(folder, CheckpointReader.IndexFileName))
            .Append(Path.Combine(folder, CheckpointReader.SingleFileName));
        foreach (string path in ours)
            if (!written.Contains(Path.GetFileName(path)) && File.Exists(path)) File.Delete(path);
    }

    static List<KeyValuePair<string, torch.Tensor>> Validate(IEnumerable<KeyValuePair<string, torch.Tensor>> tensors, string target)
    {
        var list = tensors.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, t) in list)
        {
            if (string.IsNullOrEmpty(name) || name == SafetensorsHeader.MetadataKey)
                throw new R1OmniException($"{target}: invalid tensor name '{name}'");
            if (!seen.Add(name)) throw new R1OmniException($"{target}: tensor name '{name}' given twice");
            if (SafetensorsDtypes.FromScalarType(t.dtype) is null)
                throw new R1OmniException($"{target}: tensor '{name}' has dtype {t.dtype}, which cannot be saved " +
                                          $"(supported: {SafetensorsDtypes.Supported})");
        }
        return list;
    }

    static long ByteLength(torch.Tensor t) => t.numel() * SafetensorsDtypes.FromScalarType(t.dtype)!.Value.ElementSize();

    static void Write(Stream stream, List<KeyValuePair<string, torch.Tensor>> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        // Data is laid out by element size (largest first), then name, so every tensor starts naturally aligned.
        var ordered = tensors.OrderByDescending(p => SafetensorsDtypes.FromScalarType(p.Value.dtype)!.Value.ElementSize())
                             .ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        var infos = new List<TensorInfo>(ordered.Count);
        long offset = 0;
        foreach (var (name, t) in ordered)
        {
            long length = ByteLength(t);
            infos.Add(new TensorInfo(name, SafetensorsDtypes.FromScalarType(t.dtype)!.Value, t.shape, offset, offset + length));
            offset += length;
        }
        byte[] header = SafetensorsHeader.Write(infos, metadata);
        Span<byte> prefix = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        for (int i = 0; i < ordered.Count; i++)
        {
            using var scope = torch.NewDisposeScope(); // frees the CPU / contiguous copies made here, never the caller's tensor
            TensorBytes.CopyTo(ordered[i].Value.cpu().contiguous(), stream, infos[i].ByteLength);
        }
    }

    static void WriteIndex(Stream stream, long totalSize, SortedDictionary<string, string> weightMap)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteStartObject("metadata");
        w.WriteNumber("total_size", totalSize);
        w.WriteEndObject();
        w.WriteStartObject("weight_map");
        foreach (var (key, shard) in weightMap) w.WriteString(key, shard);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
