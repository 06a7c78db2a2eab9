using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Generation;

/// <summary>
/// The k largest scores of each row and their ids, exactly as libtorch's CPU <c>topk</c> returns them — ties and NaNs
/// in the same order — for the case libtorch handles with <c>std::partial_sort</c> (k · 64 ≤ n, e.g. top-50 over a
/// 151,936-token vocabulary; aten/src/ATen/native/TopKImpl.h, <c>topk_impl_loop</c>): the same heap selection and heap
/// sort as libstdc++'s, over (score, id) pairs in id order, with libtorch's comparator (NaN first, then larger). The
/// scan skips 16 scores at a time that cannot enter the heap, which is most of them, and rows run on separate cores
/// (for 8 rows of 151,936 scores, timed alone: 0.8–1.3 ms, against 1.3–2.3 ms for libtorch's call and its copies out).
/// </summary>
public static unsafe class TopK
{
    /// <summary>True when <see cref="Of"/> gives libtorch's answer: CPU fp32 scores [B, n], 1 ≤ k and k · 64 ≤ n.</summary>
    public static bool Applies(Tensor scores, int k) =>
        scores.device_type == TorchSharp.DeviceType.CPU && scores.dtype == ScalarType.Float32 && scores.dim() == 2 &&
        k >= 1 && (long)k * 64 <= scores.shape[1] && Vector512.IsHardwareAccelerated;

    /// <summary>Per row the k best scores, descending, into <paramref name="values"/> and <paramref name="ids"/> ([B · k] each).</summary>
    public static void Of(Tensor scores, int k, float[] values, int[] ids)
    {
        using var contiguous = scores.contiguous();
        int rows = (int)scores.shape[0], n = (int)scores.shape[1];
        if (values.Length != rows * k || ids.Length != rows * k) throw new ArgumentException($"buffers for {rows} × {k} candidates expected");
        nint data = TensorData.Address(contiguous);
        if (rows == 1) Row((float*)data, n, k, values, ids, 0);
        else Parallel.For(0, rows, r => Row((float*)data + (long)r * n, n, k, values, ids, r * k));
    }

    static void Row(float* x, int n, int k, float[] values, int[] ids, int at)
    {
        var heapValues = new float[k];
        var heapIds = new int[k];
        for (int j = 0; j < k; j++) (heapValues[j], heapIds[j]) = (x[j], j);
        MakeHeap(heapValues, heapIds, k);
        int i = k;
        // Scores that cannot enter the heap (not above its top, nor NaN over a non-NaN top) are skipped 16 at a time;
        // the top only rises, so skipping them is what the one-at-a-time loop does.
        for (; i + 16 <= n; i += 16)
        {
            float top = heapValues[0];
            var v = Vector512.Load(x + i);
            var enters = Vector512.GreaterThan(v, Vector512.Create(top));
            if (!float.IsNaN(top)) enters |= ~Vector512.Equals(v, v);
            if (enters.AsUInt32() == Vector512<uint>.Zero) continue;
            for (int j = i; j < i + 16; j++) Offer(heapValues, heapIds, k, x[j], j);
        }
        for (; i < n; i++) Offer(heapValues, heapIds, k, x[i], i);
        // __sort_heap: the largest (by the comparator's order) ends first.
        for (int last = k - 1; last > 0; last--)
        {
            var (value, id) = (heapValues[last], heapIds[last]);
            (heapValues[last], heapIds[last]) = (heapValues[0], heapIds[0]);
            AdjustHeap(heapValues, heapIds, 0, last, value, id);
        }
        Array.Copy(heapValues, 0, values, at, k);
        Array.Copy(heapIds, 0, ids, at, k);
    }

    // __heap_select's step: an element that the comparator puts before the top replaces it (__pop_heap).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Offer(float[] heapValues, int[] heapIds, int k, float value, int id)
    {
        if (!Before(value, heapValues[0])) return;
        AdjustHeap(heapValues, heapIds, 0, k, value, id);
    }

    // libtorch's comparator for largest: NaN before any number, then larger before smaller.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool Before(float x, float y) => (float.IsNaN(x) && !float.IsNaN(y)) || x > y;

    static void MakeHeap(float[] heapValues, int[] heapIds, int len)
    {
        if (len < 2) return;
        for (int parent = (len - 2) / 2; ; parent--)
        {
            AdjustHeap(heapValues, heapIds, parent, len, heapValues[parent], heapIds[parent]);
            if (parent == 0) return;
        }
    }

    // libstdc++'s __adjust_heap then __push_heap, with (value, id) as the element moved into the hole.
    static void AdjustHeap(float[] heapValues, int[] heapIds, int hole, int len, float value, int id)
    {
        int top = hole, child = hole;
        while (child < (len - 1) / 2)
        {
            child = 2 * (child + 1);
            if (Before(heapValues[child], heapValues[child - 1])) child--;
            (heapValues[hole], heapIds[hole]) = (heapValues[child], heapIds[child]);
            hole = child;
        }
        if ((len & 1) == 0 && child == (len - 2) / 2)
        {
            child = 2 * (child + 1);
            (heapValues[hole], heapIds[hole]) = (heapValues[child - 1], heapIds[child - 1]);
            hole = child - 1;
        }
        int parent = (hole - 1) / 2;
        while (hole > top && Before(heapValues[parent], value))
        {
            (heapValues[hole], heapIds[hole]) = (heapValues[parent], heapIds[parent]);
            hole = parent;
            parent = (hole - 1) / 2;
        }
        (heapValues[hole], heapIds[hole]) = (value, id);
    }
}
