using R1Omni.Runtime;
using R1Omni.SynthEmo;

namespace R1Omni.Training;

/// <summary>
/// The sample order of each epoch: a Fisher–Yates shuffle from a SplitMix64 stream derived from (seed, epoch). Being a
/// pure function of its inputs, a resumed run recomputes the order instead of storing it, on any machine.
/// </summary>
public static class DataOrder
{
    public static int[] Permutation(int seed, int epoch, int count)
    {
        var order = Enumerable.Range(0, count).ToArray();
        var rng = new SplitMix64(SplitMix64.Derive((ulong)seed, (ulong)epoch));
        rng.Shuffle(order);
        return order;
    }
}
