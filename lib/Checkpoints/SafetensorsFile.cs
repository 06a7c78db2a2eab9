using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;
using R1Omni.Runtime;
using TorchSharp;

namespace R1Omni.Checkpoints;

/// <summary>
/// One safetensors file, memory-mapped read-only. The header is validated on open; <see cref="Bytes"/> views the
/// mapping without copying, and <see cref="Load"/> reads each tensor once, straight into the new tensor's storage
/// (positioned reads: faster than faulting the mapping in page by page on a first load).
/// </summary>
public sealed unsafe class SafetensorsFile : IDisposable
{
    readonly MemoryMappedFile map;
    readonly MemoryMappedViewAccessor view;
    readonly SafeFileHandle handle;
    readonly byte* data;
    readonly long dataStart;
    bool disposed;

    public string Path { get; }
    public IReadOnlyDictionary<string, TensorInfo> Tensors { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }

    SafetensorsFile(string path, SafeFileHandle handle, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* start,
                    long dataStart, Dictionary<string, TensorInfo> tensors, Dictionary<string, string> metadata)
    {
        (Path, this.handle, this.map, this.view, this.dataStart, Tensors, Metadata) = (path, handle, map, view, dataStart, tensors, metadata);
        data = start + dataStart;
    }

    public static SafetensorsFile Open(string path)
    {
        if (!File.Exists(path)) throw new R1OmniException($"{path}: safetensors file not found");
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        long fileLength = RandomAccess.GetLength(handle);
        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        bool acquired = false;
        try
        {
            if (fileLength < 8)
                throw new R1OmniException($"{path}: truncated safetensors file ({fileLength} bytes; the 8-byte header length is missing)");
            map = MemoryMappedFile.CreateFromFile(handle, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            acquired = true;
            start += view.PointerOffset;
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(start, 8));
            if (headerLength > (ulong)(fileLength - 8))
                throw new R1OmniException($"{path}: truncated or corrupt safetensors file: the header claims {headerLength} bytes " +
                                          $"but only {fileLength - 8} follow the length prefix");
            if (headerLength > SafetensorsHeader.MaxHeaderBytes)
                throw new R1OmniException($"{path}: corrupt safetensors header: claimed length {headerLength} exceeds " +
                                          $"{SafetensorsHeader.MaxHeaderBytes} bytes");
            var json = new ReadOnlySpan<byte>(start + 8, (int)headerLength).ToArray();
            long dataStart = 8 + (long)headerLength;
            var (tensors, metadata) = SafetensorsHeader.Parse(json, fileLength - dataStart, path);
            return new SafetensorsFile(path, handle, map, view, start, dataStart, tensors, metadata);
        }
        catch
        {
            if (acquired) view!.SafeMemoryMappedViewHandle.ReleasePointer();
            view?.Dispose();
            map?.Dispose();
            handle.Dispose();
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
            TensorBytes.ReadInto(t, handle, dataStart + info.Begin, info.ByteLength, Path);
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
        handle.Dispose();
    }
}
