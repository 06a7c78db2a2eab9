namespace R1Omni.Media;

/// <summary>
/// Power spectrum of a real sequence of even length N in float64: a mixed-radix Stockham FFT of length N/2 on
/// the even/odd samples packed as complex numbers, then the standard split into the N/2 + 1 one-sided bins.
/// Float64 keeps the Whisper features within ~1e-7 of NumPy's rfft recipe.
/// </summary>
public sealed class RealFft
{
    readonly int _half;
    readonly int[] _radices;
    readonly double[] _twRe, _twIm;     // exp(−2πik/(N/2)), k < N/2
    readonly double[] _postRe, _postIm; // exp(−2πik/N), k ≤ N/2

    public RealFft(int length)
    {
        if (length < 2 || length % 2 != 0)
            throw new R1OmniException($"FFT length must be even and at least 2, got {length}");
        Length = length;
        _half = length / 2;
        _radices = Factor(_half);
        (_twRe, _twIm) = Roots(_half, _half);
        (_postRe, _postIm) = Roots(length, _half + 1);
    }

    /// <summary>N, the number of real input samples.</summary>
    public int Length { get; }

    /// <summary>N/2 + 1, the number of one-sided frequency bins.</summary>
    public int Bins => _half + 1;

    /// <summary>Doubles of scratch space <see cref="PowerSpectrum"/> needs (lets callers reuse one buffer per thread).</summary>
    public int ScratchLength => 4 * _half;

    /// <summary>|X[k]|² for k = 0..N/2 of the real input (no window, no scaling), like <c>abs(rfft(x))**2</c>.</summary>
    public void PowerSpectrum(ReadOnlySpan<double> input, Span<double> power, Span<double> scratch)
    {
        if (input.Length != Length) throw new ArgumentException($"input must hold {Length} samples", nameof(input));
        if (power.Length < Bins) throw new ArgumentException($"power must hold {Bins} values", nameof(power));
        if (scratch.Length < ScratchLength) throw new ArgumentException($"scratch must hold {ScratchLength} values", nameof(scratch));
        int m = _half;
        Span<double> xr = scratch[..m], xi = scratch.Slice(m, m), yr = scratch.Slice(2 * m, m), yi = scratch.Slice(3 * m, m);
        for (int n = 0; n < m; n++) { xr[n] = input[2 * n]; xi[n] = input[2 * n + 1]; }
        if (Transform(xr, xi, yr, yi)) { xr = yr; xi = yi; }

        // X[k] = E[k] + W_N^k·O[k], with E = (Z[k] + conj Z[M−k])/2 and O = (Z[k] − conj Z[M−k])/(2i).
        for (int k = 0; k <= m; k++)
        {
            int a = k % m, b = (m - k) % m;
            double zr = xr[a], zi = xi[a], cr = xr[b], ci = -xi[b];
            double er = 0.5 * (zr + cr), ei = 0.5 * (zi + ci);
            double odR = 0.5 * (zi - ci), odI = -0.5 * (zr - cr);
            double re = er + _postRe[k] * odR - _postIm[k] * odI;
            double im = ei + _postRe[k] * odI + _postIm[k] * odR;
            power[k] = re * re + im * im;
        }
    }

    /// <summary>Complex FFT of length N/2 (Stockham autosort, alternating between x and y); true when the result is in y.</summary>
    bool Transform(Span<double> xr, Span<double> xi, Span<double> yr, Span<double> yi)
    {
        int total = _half, n = total, s = 1;
        bool inY = false;
        foreach (int p in _radices)
        {
            int m = n / p, rootStep = total / p;
            Span<double> sr = inY ? yr : xr, si = inY ? yi : xi, dr = inY ? xr : yr, di = inY ? xi : yi;
            for (int q = 0; q < m; q++)
                for (int j = 0; j < s; j++)
                    for (int t = 0; t < p; t++)
                    {
                        // Size-p DFT of the strided inputs, then the twiddle W_n^{q·t} (= table entry q·t·s).
                        double accR = 0, accI = 0;
                        for (int r = 0; r < p; r++)
                        {
                            int src = j + s * (q + r * m), w = (r * t % p) * rootStep;
                            accR += sr[src] * _twRe[w] - si[src] * _twIm[w];
                            accI += sr[src] * _twIm[w] + si[src] * _twRe[w];
                        }
                        int tw = q * t * s, dst = j + s * (p * q + t);
                        dr[dst] = accR * _twRe[tw] - accI * _twIm[tw];
                        di[dst] = accR * _twIm[tw] + accI * _twRe[tw];
                    }
            n = m; s *= p; inY = !inY;
        }
        return inY;
    }

    static int[] Factor(int n)
    {
        var radices = new List<int>();
        foreach (int p in new[] { 4, 2, 3, 5 })
            while (n % p == 0) { radices.Add(p); n /= p; }
        for (int p = 7; n > 1; p += 2)
            while (n % p == 0) { radices.Add(p); n /= p; }
        return [.. radices];
    }

    static (double[] Re, double[] Im) Roots(int n, int count)
    {
        var re = new double[count];
        var im = new double[count];
        for (int k = 0; k < count; k++)
        {
            double angle = 2 * Math.PI * k / n;
            re[k] = Math.Cos(angle);
            im[k] = -Math.Sin(angle);
        }
        return (re, im);
    }
}
