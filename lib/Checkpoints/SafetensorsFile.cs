using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using TorchSharp;

namespace R1Omni.Checkpoints;

/// <summary>
/// One safetensors file, memory-mapped read-only. The header is validated on open; tensor data is read straight
/// from the mapping, so opening is cheap and loading copies each tensor once into its own storage.
/// </summary>
public sealed unsafe class SafetensorsFile : IDisposable
{
    readonly MemoryMappedFile map;
    readonly MemoryMappedViewAccessor view;
    readonly byte* data;
    bool disposed;

    public string Path { get; }
    public IReadOnlyDictionary<string, TensorInfo> Tensors { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }

    SafetensorsFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* data,
                    Dictionary<string, TensorInfo> tensors, Dictionary<string, string> metadata)
    {
        (Path, this.map, this.view, Tensors, Metadata) = (path, map, view, tensors, metadata);
        this.data = data;
    }

    public static SafetensorsFile Open(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists) throw new R1OmniException($"{path}: safetensors file not found");
        if (file.Length < 8)
            throw new R1OmniException($"{path}: truncated safetensors file ({file.Length} bytes; the 8-byte header length is missing)");
        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        bool acquired = false;
        try
        {
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            acquired = true;
            start += view.PointerOffset;
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(start, 8));
            if (headerLength > (ulong)(file.Length - 8))
                throw new R1OmniException($"{path}: truncated or corrupt safetensors file: the header claims {headerLength} bytes " +
                                          $"but only {file.Length - 8} follow the length prefix");
            if (headerLength > SafetensorsHeader.MaxHeaderBytes)
                throw new R1OmniException($"{path}: corrupt safetensors header: claimed length {headerLength} exceeds " +
                                          $"{SafetensorsHeader.MaxHeaderBytes} bytes");
            var json = new ReadOnlySpan<byte>(start + 8, (int)headerLength).ToArray();
            long dataStart = 8 + (long)headerLength;
            var (tensors, metadata) = SafetensorsHeader.Parse(json, file.Length - dataStart, path);
            return new SafetensorsFile(path, map, view, start + dataStart, tensors, metadata);
        }
        catch
        {
            if (acquired) view!.SafeMemoryMappedViewHandle.ReleasePointer();
            view?.Dispose();
            map.Dispose();
            throw;
        }
    }

    public bool Contains(string name) => Tensors.ContainsKey(name);

    /// <summary>The header entry of a tensor; a missing name is an error naming the file and nearby names.</summary>
    public TensorInfo Info(string name) =>
        Tensors.TryGetValue(name, out var info) ? info
            : throw new R1OmniException($"{Path}: no tensor '{name}' among its {Tensors.Count} tensors." +
                                        KeySuggestions.Sentence(name, Tensors.Keys));

    /// <summary>The raw little-endian bytes of a tensor, read from the mapping (valid until this file is disposed).</summary>
    public ReadOnlySpan<byte> Bytes(string name)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var info = Info(name);
        if (info.ByteLength > int.MaxValue)
            throw new R1OmniException($"{Path}: tensor '{name}' has {info.ByteLength} bytes, too many for a span; use Load");
        return new ReadOnlySpan<byte>(data + info.Begin, (int)info.ByteLength);
    }

    /// <summary>A new CPU tensor holding a copy of the data, then converted to <paramref name="dtype"/> and moved to <paramref name="device"/> if given.</summary>
    public torch.Tensor Load(string name, torch.ScalarType? dtype = null, torch.Device? device = null)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var info = Info(name);
        var t = torch.empty(info.Shape, dtype: info.Dtype.ToScalarType());
        try
        {
            TensorBytes.CopyInto(t, data + info.Begin, info.ByteLength);
            if (dtype is { } d && d != t.dtype) Replace(ref t, t.to(d));
            if (device is not null && device.type != DeviceType.CPU) Replace(ref t, t.to(device));
            return t;
        }
        catch
        {
            t.Dispose();
            throw;
        }
    }

    static void Replace(ref torch.Tensor t, torch.Tensor next)
    {
        t.Dispose();
        t = next;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        map.Dispose();
    }
}
