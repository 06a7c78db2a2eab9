namespace R1Omni.Media;

/// <summary>
/// Triangular mel filters with the Slaney mel scale and Slaney area normalisation, computed in float64 with the
/// same operations as transformers' <c>audio_utils.mel_filter_bank(..., norm="slaney", mel_scale="slaney")</c>
/// (= librosa's default filters, the ones Whisper ships in <c>mel_filters.npz</c>).
/// </summary>
public static class MelFilterBank
{
    const double MinLogHertz = 1000.0, MinLogMel = 15.0;

    /// <summary>Filters as [numMelFilters, numFrequencyBins] (the transpose of HF's layout), FFT bins spanning 0..sr/2.</summary>
    public static double[,] Slaney(int numFrequencyBins, int numMelFilters, double minFrequency, double maxFrequency, int samplingRate)
    {
        if (numFrequencyBins < 2) throw new R1OmniException($"numFrequencyBins must be at least 2, got {numFrequencyBins}");
        if (numMelFilters < 1) throw new R1OmniException($"numMelFilters must be at least 1, got {numMelFilters}");
        if (!(minFrequency >= 0 && minFrequency < maxFrequency))
            throw new R1OmniException($"mel frequency range must satisfy 0 <= min < max, got {minFrequency}..{maxFrequency}");

        double[] melFreqs = Linspace(HertzToMel(minFrequency), HertzToMel(maxFrequency), numMelFilters + 2);
        double[] filterFreqs = Array.ConvertAll(melFreqs, MelToHertz);
        double[] fftFreqs = Linspace(0, samplingRate / 2, numFrequencyBins);

        var filters = new double[numMelFilters, numFrequencyBins];
        for (int m = 0; m < numMelFilters; m++)
        {
            double lowerWidth = filterFreqs[m + 1] - filterFreqs[m], upperWidth = filterFreqs[m + 2] - filterFreqs[m + 1];
            double enorm = 2.0 / (filterFreqs[m + 2] - filterFreqs[m]);
            for (int f = 0; f < numFrequencyBins; f++)
            {
                double down = -(filterFreqs[m] - fftFreqs[f]) / lowerWidth;
                double up = (filterFreqs[m + 2] - fftFreqs[f]) / upperWidth;
                filters[m, f] = Math.Max(0.0, Math.Min(down, up)) * enorm;
            }
        }
        return filters;
    }

    /// <summary>Slaney scale: linear (3f/200) below 1 kHz, logarithmic above.</summary>
    public static double HertzToMel(double hertz) =>
        hertz >= MinLogHertz ? MinLogMel + Math.Log(hertz / MinLogHertz) * (27.0 / Math.Log(6.4)) : 3.0 * hertz / 200.0;

    public static double MelToHertz(double mel) =>
        mel >= MinLogMel ? MinLogHertz * Math.Exp(Math.Log(6.4) / 27.0 * (mel - MinLogMel)) : 200.0 * mel / 3.0;

    /// <summary>NumPy's linspace: start + i·step, with the last point set to stop exactly.</summary>
    static double[] Linspace(double start, double stop, int count)
    {
        var y = new double[count];
        double step = (stop - start) / (count - 1);
        for (int i = 0; i < count; i++) y[i] = i * step + start;
        y[^1] = stop;
        return y;
    }
}
