using static TorchSharp.torch;

namespace R1Omni.Models.Common;

/// <summary>
/// Key/value cache for a decoder. Two kinds:
/// <list type="bullet">
/// <item>preallocated (decoding): per layer, tensors [B, kvHeads, capacity, headDim] filled in place, so a decoding step
/// copies only the new positions; in-place writes cut the autograd graph, so it is for no-grad use;</item>
/// <item>differentiable (<see cref="Differentiable"/>): each append concatenates, keeping the graph, so a prompt prefix
/// forwarded once can be attended to by several continuations in a pass that is differentiated (GRPO log-probs).</item>
/// </list>
/// Owns its tensors (outside any dispose scope).
/// </summary>
public sealed class KVCache : IDisposable
{
    readonly Tensor?[] keys, values;
    readonly long[] layerLength;
    public int Layers => keys.Length;
    public long Batch => keys[0]?.shape[0] ?? 0;
    /// <summary>Preallocated positions; unbounded for a differentiable cache.</summary>
    public long Capacity => IsDifferentiable ? long.MaxValue : keys[0]!.shape[2];
    /// <summary>True when appends keep the autograd graph (concatenation instead of in-place copies).</summary>
    public bool IsDifferentiable { get; }
    /// <summary>Number of positions filled (same for every layer once a forward step is complete).</summary>
    public long Length { get; private set; }

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

    KVCache(Tensor?[] keys, Tensor?[] values, long length, bool differentiable)
    {
        this.keys = keys;
        this.values = values;
        Length = length;
        IsDifferentiable = differentiable;
        layerLength = Enumerable.Repeat(length, keys.Length).ToArray();
    }

    /// <summary>An empty cache whose appends keep the autograd graph; it grows with every forward.</summary>
    public static KVCache Differentiable(int layers) => new(new Tensor?[layers], new Tensor?[layers], 0, differentiable: true);

    /// <summary>Writes the new keys/values [B, kvHeads, L, d] of one layer and returns all filled positions.</summary>
    public (Tensor keys, Tensor values) Append(int layer, Tensor k, Tensor v)
    {
        long start = layerLength[layer], n = k.shape[2];
        if (IsDifferentiable) return AppendDifferentiable(layer, k, v, start + n);
        if (start + n > Capacity)
            throw new InvalidOperationException($"KV cache capacity {Capacity} exceeded ({start} + {n}); allocate a larger cache");
        using (no_grad())
        {
            keys[layer]!.narrow(2, start, n).copy_(k);
            values[layer]!.narrow(2, start, n).copy_(v);
        }
        Advance(layer, start + n);
        return (keys[layer]!.narrow(2, 0, start + n), values[layer]!.narrow(2, 0, start + n));
    }

    (Tensor, Tensor) AppendDifferentiable(int layer, Tensor k, Tensor v, long length)
    {
        // The stored tensors leave the caller's dispose scope; the graph keeps what backward needs.
        Tensor Grow(Tensor? old, Tensor add)
        {
            var grown = (old is null ? add : cat([old, add], 2)).DetachFromDisposeScope();
            old?.Dispose();
            return grown;
        }
        keys[layer] = Grow(keys[layer], k);
        values[layer] = Grow(values[layer], v);
        Advance(layer, length);
        return (keys[layer]!, values[layer]!);
    }

    /// <summary>The preallocated key and value tensors [B, kvHeads, capacity, headDim] of one layer, for a decoder that writes them itself (then <see cref="Extend"/>).</summary>
    public (Tensor Keys, Tensor Values) Storage(int layer)
    {
        if (IsDifferentiable) throw new InvalidOperationException("a differentiable cache has no preallocated storage");
        return (keys[layer]!, values[layer]!);
    }

    /// <summary>Marks <paramref name="positions"/> more positions of every layer as filled (written through <see cref="Storage"/>).</summary>
    public void Extend(long positions)
    {
        if (IsDifferentiable) throw new InvalidOperationException("a differentiable cache grows by its appends");
        if (Length + positions > Capacity)
            throw new InvalidOperationException($"KV cache capacity {Capacity} exceeded ({Length} + {positions}); allocate a larger cache");
        for (int i = 0; i < Layers; i++) layerLength[i] = Length + positions;
        Length += positions;
    }

    void Advance(int layer, long length)
    {
        layerLength[layer] = length;
        if (layer == Layers - 1) Length = length;
    }

    /// <summary>
    /// A new cache whose rows are the given rows of this one (e.g. [0,0,…,0] expands one prefilled prompt to a group
    /// of G samples). The prompt is not recomputed. A differentiable cache stays differentiable (the gradient of every
    /// copy flows back to the shared prefix); a preallocated one gets <paramref name="capacity"/> positions.
    /// </summary>
    public KVCache Select(long[] rows, long? capacity = null)
    {
        var newKeys = new Tensor?[Layers];
        var newValues = new Tensor?[Layers];
        using var idx = tensor(rows, device: keys[0]?.device ?? CPU);
        if (IsDifferentiable)
        {
            for (int i = 0; i < Layers; i++)
            {
                newKeys[i] = keys[i]?.index_select(0, idx).DetachFromDisposeScope();
                newValues[i] = values[i]?.index_select(0, idx).DetachFromDisposeScope();
            }
            return new KVCache(newKeys, newValues, Length, differentiable: true);
        }
        long cap = Math.Max(capacity ?? Capacity, Length);
        for (int i = 0; i < Layers; i++)
        {
            newKeys[i] = Grow(keys[i]!.index_select(0, idx), cap);
            newValues[i] = Grow(values[i]!.index_select(0, idx), cap);
        }
        return new KVCache(newKeys, newValues, Length, differentiable: false);
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
        foreach (var t in keys) t?.Dispose();
        foreach (var t in values) t?.Dispose();
    }
}
