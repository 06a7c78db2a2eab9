using R1Omni.Runtime;

namespace R1Omni.SynthEmo;

/// <summary>
/// Synthesises one clip's voice: a train of syllables (raised-sine envelopes at the syllable rate, each on a random
/// vowel), voiced by a harmonic series of f0 whose amplitudes follow a k^−tilt source roll-off times a three-formant
/// envelope, plus aspiration noise, pitch jitter and amplitude shimmer; the result is scaled to the target RMS and
/// laid on a faint noise floor. Depends only on the parameters and the clip format.
/// </summary>
public sealed class VoiceSynthesizer(VoiceParams voice, ClipFormat format)
{
    // Adult formant frequencies (Hz) of /a/, /e/, /i/, /o/, /u/; bandwidths and relative gains of F1..F3.
    static readonly double[][] Vowels = [[730, 1090, 2440], [530, 1840, 2480], [390, 1990, 2550], [570, 840, 2410], [440, 1020, 2240]];
    static readonly double[] Bandwidths = [90, 110, 170], FormantGains = [1.0, 0.6, 0.3];
    const int Block = 32; // harmonic amplitudes are refreshed every Block samples (f0 moves slowly)

    readonly record struct Syllable(double Start, double Voiced, int Vowel, double Accent);

    public float[] Synthesize()
    {
        var rng = new SplitMix64(voice.RenderSeed);
        double sr = format.SampleRate, seconds = format.Seconds;
        int n = format.SampleCount;
        var syllables = PlanSyllables(rng, seconds);
        double tremorPhase = rng.Uniform(0, 2 * Math.PI);

        var voiced = new double[n];
        var breath = new double[n];
        var amplitudes = new double[(int)(0.45 * sr / 40) + 2];
        double jitterState = 0, shimmerState = 0, phase = 0, previousNoise = 0;
        double jitterPole = Math.Exp(-2 * Math.PI * 50 / sr), shimmerPole = Math.Exp(-2 * Math.PI * 30 / sr);
        int current = 0, harmonics = 0;
        for (int i = 0; i < n; i++)
        {
            double t = i / sr;
            while (current < syllables.Count && t >= syllables[current].Start + syllables[current].Voiced) current++;
            jitterState = jitterPole * jitterState + Math.Sqrt(1 - jitterPole * jitterPole) * voice.Jitter * rng.Gaussian();
            shimmerState = shimmerPole * shimmerState + Math.Sqrt(1 - shimmerPole * shimmerPole) * voice.Shimmer * rng.Gaussian();
            double white = rng.Gaussian();
            double noise = white - 0.7 * previousNoise; // first-order high-pass: aspiration is mostly high frequency
            previousNoise = white;
            double accent = current < syllables.Count ? syllables[current].Accent : 0;
            double f0 = voice.F0 * (1 + voice.Slope * (t / seconds - 0.5))
                        * (1 + voice.TremorDepth * Math.Sin(2 * Math.PI * voice.TremorRate * t + tremorPhase))
                        * (1 + accent) * (1 + jitterState);
            phase += 2 * Math.PI * f0 / sr;
            if (phase > 2 * Math.PI) phase -= 2 * Math.PI;
            if (current >= syllables.Count || t < syllables[current].Start) continue;

            var s = syllables[current];
            double envelope = Math.Sin(Math.PI * (t - s.Start) / s.Voiced);
            if (i % Block == 0 || harmonics == 0) harmonics = FillAmplitudes(amplitudes, f0, Vowels[s.Vowel], sr);
            voiced[i] = envelope * (1 + shimmerState) * HarmonicSum(amplitudes, harmonics, phase);
            breath[i] = envelope * noise;
        }

        double voicedRms = Rms(voiced), breathRms = Rms(breath);
        var mix = new double[n];
        for (int i = 0; i < n; i++)
            mix[i] = (1 - voice.Breathiness) * voiced[i] / Math.Max(voicedRms, 1e-12) + voice.Breathiness * breath[i] / Math.Max(breathRms, 1e-12);
        double gain = voice.Rms / Math.Max(Rms(mix), 1e-12);
        var output = new float[n];
        for (int i = 0; i < n; i++) output[i] = (float)Math.Clamp(gain * mix[i] + voice.NoiseFloor * rng.Gaussian(), -1, 1);
        return output;
    }

    List<Syllable> PlanSyllables(SplitMix64 rng, double seconds)
    {
        var syllables = new List<Syllable>();
        for (double t = rng.Uniform(0.03, 0.12); t < seconds - 0.08;)
        {
            double slot = rng.Uniform(0.75, 1.25) / voice.SyllableRate;
            double voicedPart = Math.Min(slot * rng.Uniform(0.6, 0.75), seconds - t);
            syllables.Add(new Syllable(t, voicedPart, rng.NextInt(Vowels.Length), rng.Uniform(-0.04, 0.04)));
            t += slot;
        }
        return syllables;
    }

    /// <summary>Amplitudes of harmonics 1..K below 0.45·sr; returns K.</summary>
    int FillAmplitudes(double[] amplitudes, double f0, double[] formants, double sr)
    {
        int count = Math.Min(amplitudes.Length - 1, (int)(0.45 * sr / f0));
        for (int k = 1; k <= count; k++)
        {
            double f = k * f0, envelope = 0.01;
            for (int j = 0; j < formants.Length; j++)
            {
                double z = (f - formants[j] * voice.FormantScale) / (Bandwidths[j] * voice.BandwidthScale);
                envelope += FormantGains[j] / (1 + z * z);
            }
            amplitudes[k] = Math.Pow(k, -voice.Tilt) * envelope;
        }
        return count;
    }

    /// <summary>Σ a_k sin(k·phase) by the Chebyshev recurrence sin((k+1)φ) = 2cos φ sin kφ − sin((k−1)φ).</summary>
    static double HarmonicSum(double[] amplitudes, int count, double phase)
    {
        double twoCos = 2 * Math.Cos(phase), previous = 0, current = Math.Sin(phase), sum = 0;
        for (int k = 1; k <= count; k++)
        {
            sum += amplitudes[k] * current;
            (previous, current) = (current, twoCos * current - previous);
        }
        return sum;
    }

    static double Rms(double[] x)
    {
        double s = 0;
        foreach (double v in x) s += v * v;
        return Math.Sqrt(s / x.Length);
    }
}
