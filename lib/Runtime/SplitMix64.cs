namespace R1Omni.Runtime;

/// <summary>
/// SplitMix64 pseudo-random stream and seed derivation, the one source of randomness outside libtorch: System.Random's
/// sequence is not guaranteed across .NET versions, and SynthEmo clips, data orders and sample streams must be the same
/// for the same seed everywhere. Sub-streams are derived with <see cref="Derive"/>, so every clip, epoch or row is
/// reproducible on its own, whatever order (or thread) draws it.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    /// <summary>The golden-ratio increment of the stream.</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    ulong _state = seed;

    public ulong NextULong()
    {
        ulong z = _state = unchecked(_state + Gamma);
        return Mix(z);
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform double in [lo, hi).</summary>
    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    /// <summary>Uniform integer in [0, n), without modulo bias worth mentioning for the small n used here.</summary>
    public int NextInt(int n) => n > 0 ? (int)((NextULong() >> 33) * (ulong)n >> 31) : throw new ArgumentOutOfRangeException(nameof(n));

    /// <summary>Standard normal draw (Box–Muller; one of the pair is discarded to keep the stream stateless).</summary>
    public double Gaussian()
    {
        double u = 1.0 - NextDouble(), v = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    /// <summary>True with probability p.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>In-place Fisher–Yates shuffle.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A seed for an independent sub-stream identified by <paramref name="keys"/> (e.g. split, clip, purpose).</summary>
    public static ulong Derive(ulong seed, params ReadOnlySpan<ulong> keys)
    {
        ulong h = Mix(seed ^ 0x5DEECE66DUL);
        foreach (ulong k in keys) h = Mix(unchecked(h + Gamma * (k + 1)));
        return h;
    }

    /// <summary>The SplitMix64 finaliser: a bijective mix of all 64 bits.</summary>
    public static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
