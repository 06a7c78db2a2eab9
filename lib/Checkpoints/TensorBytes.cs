using Microsoft.Win32.SafeHandles;
using TorchSharp;

namespace R1Omni.Checkpoints;

/// <summary>Moves raw little-endian bytes between files and a contiguous CPU tensor's storage.</summary>
internal static class TensorBytes
{
    // Tensor.bytes is an int-sized span, so large tensors are copied through flat views of at most 1 GiB.
    const long ChunkBytes = 1L << 30;

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="fileOffset"/> straight into the tensor's storage.</summary>
    public static void ReadInto(torch.Tensor target, SafeFileHandle file, long fileOffset, long length, string path)
    {
        ForEachChunk(target, length, (chunk, offset) =>
        {
            for (int done = 0; done < chunk.Length;)
            {
                int n = RandomAccess.Read(file, chunk[done..], fileOffset + offset + done);
                if (n == 0) throw new R1OmniException($"{path}: file ended early (was it truncated while open?)");
                done += n;
            }
        });
    }

    public static void CopyTo(torch.Tensor source, Stream destination, long length)
    {
        ForEachChunk(source, length, (chunk, _) => destination.Write(chunk));
    }

    delegate void ChunkAction(Span<byte> chunk, long offset);

    static void ForEachChunk(torch.Tensor t, long length, ChunkAction action)
    {
        if (t.device_type != DeviceType.CPU || !t.is_contiguous())
            throw new ArgumentException("expected a contiguous CPU tensor", nameof(t));
        if (length == 0) return;
        if (length <= ChunkBytes) { action(t.bytes, 0); return; }
        long elementSize = length / t.numel();
        long chunkElements = ChunkBytes / elementSize;
        using var flat = t.view(-1);
        for (long start = 0; start < flat.shape[0]; start += chunkElements)
        {
            long n = Math.Min(chunkElements, flat.shape[0] - start);
            using var part = flat.narrow(0, start, n);
            action(part.bytes, start * elementSize);
        }
    }
}
