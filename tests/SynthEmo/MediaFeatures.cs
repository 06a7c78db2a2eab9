using R1Omni.Media;

namespace R1Omni.Tests.SynthEmo;

/// <summary>
/// Deliberately trivial features computed straight from decoded media, knowing nothing of the generator's
/// parameters: the face is found as the pixels far from the corner colour, its box is split into an eye band and a
/// mouth band; the voice is cut into 40 ms frames for energy, autocorrelation pitch, zero crossings and syllable onsets.
/// </summary>
static class MediaFeatures
{
    /// <summary>mouth darkness, mouth dark rows, eye-band darkness, eye-band whites, horizontal and vertical head
    /// sway, vertical drift, frame-difference energy, skin redness.</summary>
    public static double[] Video(DecodedClip clip)
    {
        var f = clip.Format;
        int frames = clip.Frames;
        var cx = new double[frames];
        var cy = new double[frames];
        double mouthDark = 0, mouthRows = 0, eyeDark = 0, eyeWhite = 0, redness = 0, difference = 0;
        for (int t = 0; t < frames; t++)
        {
            var px = clip.Frame(t);
            var bg = CornerColour(px, f.Width, f.Height);
            int x0 = f.Width, x1 = -1, y0 = f.Height, y1 = -1;
            double skinLum = 0, red = 0;
            int count = 0;
            for (int y = 0; y < f.Height; y++)
                for (int x = 0; x < f.Width; x++)
                {
                    if (Distance(px, (y * f.Width + x) * 3, bg) <= 45) continue;
                    x0 = Math.Min(x0, x); x1 = Math.Max(x1, x); y0 = Math.Min(y0, y); y1 = Math.Max(y1, y);
                    int o = (y * f.Width + x) * 3;
                    skinLum += Luma(px, o);
                    red += (px[o] - px[o + 2]) / (px[o] + px[o + 1] + px[o + 2] + 1.0);
                    count++;
                }
            Assert.True(count > 0, "no face found in a frame");
            skinLum /= count;
            redness += red / count;
            double w = x1 - x0 + 1, h = y1 - y0 + 1;
            cx[t] = (x0 + x1) / 2.0 / h;
            cy[t] = (y0 + y1) / 2.0 / h;
            var (dark, _, rows) = Band(px, f.Width, x0 + 0.2 * w, x0 + 0.8 * w, y0 + 0.62 * h, y0 + 0.92 * h, skinLum);
            mouthDark += dark; mouthRows += rows;
            var (edark, white, _) = Band(px, f.Width, x0 + 0.1 * w, x0 + 0.9 * w, y0 + 0.15 * h, y0 + 0.5 * h, skinLum);
            eyeDark += edark; eyeWhite += white;
            if (t > 0)
            {
                var previous = clip.Frame(t - 1);
                double sum = 0;
                for (int i = 0; i < px.Length; i++) sum += Math.Abs(px[i] - previous[i]);
                difference += sum / px.Length;
            }
        }
        return [mouthDark / frames, mouthRows / frames, eyeDark / frames, eyeWhite / frames,
                Std(cx), Std(cy), Slope(cy), difference / (frames - 1), redness / frames];
    }

    /// <summary>log RMS, log mean pitch, pitch slope and residual spread (log scale), syllable rate, zero-crossing rate.</summary>
    public static double[] Audio(DecodedClip clip)
    {
        float[] a = clip.Audio;
        int sr = clip.Format.SampleRate, frame = sr / 25, hop = frame / 2;
        int n = (a.Length - frame) / hop + 1;
        var rms = new double[n];
        for (int k = 0; k < n; k++) rms[k] = Rms(a.AsSpan(k * hop, frame));
        double max = rms.Max(), total = Rms(a);
        var times = new List<double>();
        var pitches = new List<double>();
        double zcr = 0;
        int voiced = 0;
        for (int k = 0; k < n; k++)
        {
            if (rms[k] < 0.3 * max) continue;
            var x = a.AsSpan(k * hop, frame);
            voiced++;
            int crossings = 0;
            for (int i = 1; i < x.Length; i++) if ((x[i] >= 0) != (x[i - 1] >= 0)) crossings++;
            zcr += (double)crossings / x.Length;
            pitches.Add(Math.Log(Pitch(x, sr)));
            times.Add((double)k * hop / sr);
        }
        double slope = Slope(times, pitches), mean = pitches.Average(), meanT = times.Average();
        double residual = Math.Sqrt(pitches.Select((p, i) => Sq(p - mean - slope * (times[i] - meanT))).Average());
        return [Math.Log(total), mean, slope, residual, Onsets(rms, max) / clip.Format.Seconds, zcr / voiced];
    }

    /// <summary>Power-weighted mean frequency (Hz) over 1024-sample frames.</summary>
    public static double SpectralCentroid(DecodedClip clip)
    {
        const int size = 1024;
        var fft = new RealFft(size);
        var power = new double[fft.Bins];
        var scratch = new double[fft.ScratchLength];
        var frame = new double[size];
        double weighted = 0, sum = 0;
        for (int start = 0; start + size <= clip.Audio.Length; start += size)
        {
            for (int i = 0; i < size; i++) frame[i] = clip.Audio[start + i];
            fft.PowerSpectrum(frame, power, scratch);
            for (int k = 0; k < power.Length; k++) { weighted += power[k] * k * clip.Format.SampleRate / size; sum += power[k]; }
        }
        return weighted / sum;
    }

    /// <summary>Mean R, G, B of the central quarter of every frame (where the face is).</summary>
    public static (double R, double G, double B) CentreColour(DecodedClip clip)
    {
        var f = clip.Format;
        double r = 0, g = 0, b = 0;
        int count = 0;
        for (int t = 0; t < clip.Frames; t++)
        {
            var px = clip.Frame(t);
            for (int y = f.Height * 3 / 8; y < f.Height * 5 / 8; y++)
                for (int x = f.Width * 3 / 8; x < f.Width * 5 / 8; x++)
                {
                    int o = (y * f.Width + x) * 3;
                    r += px[o]; g += px[o + 1]; b += px[o + 2];
                    count++;
                }
        }
        return (r / count, g / count, b / count);
    }

    static (double Dark, double White, double DarkRows) Band(ReadOnlySpan<byte> px, int width, double xa, double xb, double ya, double yb, double skinLum)
    {
        int dark = 0, white = 0, total = 0, rows = 0, rowCount = 0;
        for (int y = (int)ya; y < (int)Math.Ceiling(yb); y++)
        {
            bool any = false;
            for (int x = (int)xa; x < (int)Math.Ceiling(xb); x++)
            {
                int o = (y * width + x) * 3;
                if (o < 0 || o + 2 >= px.Length) continue;
                total++;
                if (Luma(px, o) < 0.6 * skinLum) { dark++; any = true; }
                if (Math.Min(px[o], Math.Min(px[o + 1], px[o + 2])) > 215) white++;
            }
            rowCount++;
            if (any) rows++;
        }
        return ((double)dark / Math.Max(total, 1), (double)white / Math.Max(total, 1), (double)rows / Math.Max(rowCount, 1));
    }

    static (double R, double G, double B) CornerColour(ReadOnlySpan<byte> px, int width, int height)
    {
        double r = 0, g = 0, b = 0;
        int count = 0;
        foreach (var (cx, cy) in new[] { (0, 0), (width - 4, 0), (0, height - 4), (width - 4, height - 4) })
            for (int y = cy; y < cy + 4; y++)
                for (int x = cx; x < cx + 4; x++)
                {
                    int o = (y * width + x) * 3;
                    r += px[o]; g += px[o + 1]; b += px[o + 2];
                    count++;
                }
        return (r / count, g / count, b / count);
    }

    static double Distance(ReadOnlySpan<byte> px, int o, (double R, double G, double B) c) =>
        Math.Sqrt(Sq(px[o] - c.R) + Sq(px[o + 1] - c.G) + Sq(px[o + 2] - c.B));

    static double Luma(ReadOnlySpan<byte> px, int o) => 0.299 * px[o] + 0.587 * px[o + 1] + 0.114 * px[o + 2];

    /// <summary>The lag (70–450 Hz) of the highest normalised autocorrelation, as a frequency.</summary>
    static double Pitch(ReadOnlySpan<float> x, int sr)
    {
        int best = sr / 450;
        double bestR = double.NegativeInfinity;
        for (int lag = sr / 450; lag <= sr / 70 && lag < x.Length / 2; lag++)
        {
            double xy = 0, xx = 0, yy = 0;
            for (int i = 0; i + lag < x.Length; i++) { xy += x[i] * x[i + lag]; xx += x[i] * x[i]; yy += x[i + lag] * x[i + lag]; }
            double r = xy / Math.Sqrt(xx * yy + 1e-20);
            if (r > bestR) { bestR = r; best = lag; }
        }
        return (double)sr / best;
    }

    /// <summary>Syllable onsets: upward crossings of 35% of the peak frame energy after a dip below 20%.</summary>
    static int Onsets(double[] rms, double max)
    {
        int onsets = 0;
        bool low = true;
        foreach (double r in rms)
        {
            if (low && r > 0.35 * max) { onsets++; low = false; }
            else if (!low && r < 0.2 * max) low = true;
        }
        return onsets;
    }

    static double Rms(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (float v in x) s += v * v;
        return Math.Sqrt(s / x.Length);
    }

    static double Std(double[] x)
    {
        double m = x.Average();
        return Math.Sqrt(x.Select(v => Sq(v - m)).Average());
    }

    static double Slope(double[] y) => Slope(Enumerable.Range(0, y.Length).Select(i => (double)i).ToList(), y);

    static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < x.Count; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += Sq(x[i] - mx); }
        return sxx > 0 ? sxy / sxx : 0;
    }

    static double Sq(double x) => x * x;
}
