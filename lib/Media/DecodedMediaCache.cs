using System.Collections.Concurrent;

namespace R1Omni.Media;

/// <summary>
/// Decoded media kept in memory by file, so a process that reads the same videos in several stages (the miniature's
/// SFT, GRPO with its probe, and four evaluations) runs ffmpeg once per file. It holds what precedes preprocessing
/// (<see cref="DecodedMedia"/>), so loaders with other image or audio settings, or another framing, share it and still
/// compute their own pixel values and features. An entry is keyed by the file's full path, length and last write time,
/// the number of sampled frames and the audio policy, so a rewritten file is decoded again. A file that fails to decode
/// is not kept (it fails again, with its own error). Once <see cref="CapacityBytes"/> would be exceeded it keeps what it
/// holds and decodes further files without keeping them. Thread-safe.
/// </summary>
public sealed class DecodedMediaCache
{
    readonly record struct Key(string Path, long Length, long WriteTicks, int NumFrames, AudioPolicy Policy);

    readonly ConcurrentDictionary<Key, DecodedMedia> entries = new();
    long bytes;
    int hits, misses;

    public DecodedMediaCache(long capacityBytes)
    {
        if (capacityBytes < 0) throw new R1OmniException($"decoded media cache: capacity {capacityBytes} bytes must not be negative");
        CapacityBytes = capacityBytes;
    }

    public long CapacityBytes { get; }
    /// <summary>Bytes held (see <see cref="DecodedMedia.Bytes"/>).</summary>
    public long Bytes => Interlocked.Read(ref bytes);
    /// <summary>Files held.</summary>
    public int Count => entries.Count;
    /// <summary>Requests answered from memory.</summary>
    public int Hits => Volatile.Read(ref hits);
    /// <summary>Requests that ran <c>decode</c>.</summary>
    public int Misses => Volatile.Read(ref misses);

    /// <summary>The decoded media of <paramref name="path"/>: the kept entry, else <paramref name="decode"/>'s result (kept when it fits).</summary>
    public (DecodedMedia Media, bool Hit) GetOrDecode(string path, int numFrames, AudioPolicy policy, Func<DecodedMedia> decode)
    {
        var file = new FileInfo(path);
        if (!file.Exists) return (decode(), false);   // the decoder names the missing file
        var key = new Key(file.FullName, file.Length, file.LastWriteTimeUtc.Ticks, numFrames, policy);
        if (entries.TryGetValue(key, out var kept))
        {
            Interlocked.Increment(ref hits);
            return (kept, true);
        }
        var media = decode();
        Interlocked.Increment(ref misses);
        long size = media.Bytes;
        if (Interlocked.Add(ref bytes, size) > CapacityBytes || !entries.TryAdd(key, media)) Interlocked.Add(ref bytes, -size);
        return (media, false);
    }
}
