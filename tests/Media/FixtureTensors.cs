using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace R1Omni.Tests.Media;

/// <summary>
/// Minimal readers for the reference arrays of the media fixtures: safetensors files and NumPy .npy/.npz files,
/// optionally gzip-compressed (".gz"). Only little-endian, C-order data is expected.
/// </summary>
public static class FixtureTensors
{
    public static Dictionary<string, FixtureTensor> Safetensors(string path)
    {
        byte[] file = ReadMaybeGzip(path);
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(file);
        int dataStart = checked(8 + (int)headerLength);
        using var header = JsonDocument.Parse(file.AsMemory(8, (int)headerLength));
        var tensors = new Dictionary<string, FixtureTensor>();
        foreach (var entry in header.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__") continue;
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt32()).ToArray();
            tensors[entry.Name] = new FixtureTensor(
                entry.Value.GetProperty("dtype").GetString()!,
                [.. entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())],
                file[(dataStart + offsets[0])..(dataStart + offsets[1])]);
        }
        return tensors;
    }

    public static FixtureTensor Npy(string path) => ParseNpy(ReadMaybeGzip(path), path);

    public static Dictionary<string, FixtureTensor> Npz(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var arrays = new Dictionary<string, FixtureTensor>();
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            arrays[Path.GetFileNameWithoutExtension(entry.Name)] = ParseNpy(buffer.ToArray(), $"{path}:{entry.Name}");
        }
        return arrays;
    }

    /// <summary>NPY v1/v2: magic, version, header length, then a Python dict literal with descr/fortran_order/shape.</summary>
    static FixtureTensor ParseNpy(byte[] file, string name)
    {
        Assert.True(file[0] == 0x93 && file.AsSpan(1, 5).SequenceEqual("NUMPY"u8), $"{name}: not an NPY file");
        int major = file[6];
        int headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8))
            : (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8));
        int headerStart = major == 1 ? 10 : 12;
        string header = Encoding.ASCII.GetString(file, headerStart, headerLength);
        Assert.Contains("'fortran_order': False", header);
        string descr = Between(header, "'descr': '", "'");
        string shapeText = Between(header, "'shape': (", ")");
        long[] shape = [.. shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse)];
        return new FixtureTensor(descr, shape, file[(headerStart + headerLength)..]);
    }

    static string Between(string text, string open, string close)
    {
        int start = text.IndexOf(open, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{open}' not found in NPY header {text}");
        start += open.Length;
        return text[start..text.IndexOf(close, start, StringComparison.Ordinal)];
    }

    static byte[] ReadMaybeGzip(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.Ordinal)) return File.ReadAllBytes(path);
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }
}
