using static TorchSharp.torch;

namespace R1Omni.Models.Common;

/// <summary>
/// Key/value cache for a decoder: per layer, preallocated tensors [B, kvHeads, capacity, headDim] filled in place,
/// so a decoding step copies only the new positions. Owns its tensors (outside any dispose scope).
/// </summary>
public sealed class KVCache : IDisposable
{
    readonly Tensor[] keys, values;
    public int Layers => keys.Length;
    public long Batch => keys[0].shape[0];
    public long Capacity => keys[0].shape[2];
    /// <summary>Number of positions filled (same for every layer once a forward step is complete).</summary>
    public long Length { get; private set; }
    readonly long[] layerLength;

    public KVCache(int layers, long batch, long kvHeads, long capacity, long headDim, ScalarType dtype, Device device)
    {
        keys = new Tensor[layers];
        values = new Tensor[layers];
        layerLength = new long[layers];
        for (int i = 0; i < layers; i++)
        {
            keys[i] = zeros(batch, kvHeads, capacity, headDim, dtype: dtype, device: device).DetachFromDisposeScope();
            values[i] = zeros(batch, kvHeads, capacity, headDim, dtype: dtype, device: device).DetachFromDisposeScope();
        }
    }

    KVCache(Tensor[] keys, Tensor[] values, long length)
    {
        this.keys = keys;
        this.values = values;
        Length = length;
        layerLength = Enumerable.Repeat(length, keys.Length).ToArray();
    }

    /// <summary>Writes the new keys/values [B, kvHeads, L, d] of one layer and returns views of all filled positions.</summary>
    public (Tensor keys, Tensor values) Append(int layer, Tensor k, Tensor v)
    {
        long start = layerLength[layer], n = k.shape[2];
        if (start + n > Capacity)
            throw new InvalidOperationException($"KV cache capacity {Capacity} exceeded ({start} + {n}); allocate a larger cache");
        using (no_grad())
        {
            keys[layer].narrow(2, start, n).copy_(k);
            values[layer].narrow(2, start, n).copy_(v);
        }
        layerLength[layer] = start + n;
        if (layer == Layers - 1) Length = start + n;
        return (keys[layer].narrow(2, 0, start + n), values[layer].narrow(2, 0, start + n));
    }

    /// <summary>
    /// A new cache whose rows are the given rows of this one (e.g. [0,0,…,0] expands one prefilled prompt to a group
    /// of G samples). Copies the filled prefix only once per row; the prompt is not recomputed.
    /// </summary>
    public KVCache Select(long[] rows, long? capacity = null)
    {
        long cap = Math.Max(capacity ?? Capacity, Length);
        var newKeys = new Tensor[Layers];
        var newValues = new Tensor[Layers];
        using var idx = tensor(rows, device: keys[0].device);
        for (int i = 0; i < Layers; i++)
        {
            newKeys[i] = Grow(keys[i].index_select(0, idx), cap);
            newValues[i] = Grow(values[i].index_select(0, idx), cap);
        }
        return new KVCache(newKeys, newValues, Length);
    }

    Tensor Grow(Tensor t, long cap)
    {
        using var scope = NewDisposeScope();
        var result = zeros(t.shape[0], t.shape[1], cap, t.shape[3], dtype: t.dtype, device: t.device);
        result.narrow(2, 0, Length).copy_(t.narrow(2, 0, Length));
        t.Dispose();
        return result.DetachFromDisposeScope();
    }

    public void Dispose()
    {
        foreach (var t in keys) t.Dispose();
        foreach (var t in values) t.Dispose();
    }
}
