namespace R1Omni.Models.Common;

/// <summary>
/// The managed and native kernels' one way of using the cores: items 0 … n − 1 in contiguous ranges, one per thread
/// (<see cref="GemvKernel.Threads"/>), in parallel; on the calling thread where the work is under
/// <see cref="GemvKernel.SerialWork"/> (dispatching to a second core costs more) or one thread is all there is.
/// Every item's result is independent of the split, so results do not depend on the thread count.
/// </summary>
public static class ThreadRanges
{
    /// <summary>Runs <paramref name="run"/>(first, end) over [0, <paramref name="items"/>) split into ranges; <paramref name="work"/> is multiply-adds, for the serial threshold.</summary>
    public static void Run(int items, long work, Action<int, int> run)
    {
        int threads = Math.Clamp(GemvKernel.Threads, 1, Math.Max(1, items));
        if (threads == 1 || work < GemvKernel.SerialWork) { run(0, items); return; }
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
            t => run((int)((long)items * t / threads), (int)((long)items * (t + 1) / threads)));
    }
}
