using System.Text.Json;
using R1Omni.Json;
using TorchSharp;

namespace R1Omni.Media;

/// <summary>
/// Whisper log-mel features as transformers' <c>WhisperFeatureExtractor</c> computes them
/// (<c>feature_extraction_whisper.py</c>, 4.49, whisper-large-v3's preprocessor config): pad or truncate to
/// <c>chunk_length</c> seconds, centred STFT with reflect padding and a periodic Hann window, power spectrum, Slaney
/// mel filters, log10 with floor 1e-10, last frame dropped, clamp at max − 8, then (x + 4)/4. Computed in float64
/// throughout (the float64 recipe; HF's float32 torch path differs from it by ~2e-5).
/// </summary>
public sealed class WhisperFeatureExtractor
{
    const double MelFloor = 1e-10;

    readonly RealFft _fft;
    readonly double[] _window;
    readonly int[] _filterStart;      // first non-zero FFT bin of each mel filter
    readonly double[][] _filterWeights; // the filter's non-zero span (filters are triangles, so it is contiguous)

    public WhisperFeatureExtractor(int featureSize = 128, int samplingRate = 16000, int nFft = 400, int hopLength = 160,
                                   int chunkLength = 30)
    {
        if (featureSize < 1) throw new R1OmniException($"feature_size must be at least 1, got {featureSize}");
        if (samplingRate < 1) throw new R1OmniException($"sampling_rate must be positive, got {samplingRate}");
        if (nFft < 2 || nFft % 2 != 0) throw new R1OmniException($"n_fft must be even and at least 2, got {nFft}");
        if (hopLength < 1) throw new R1OmniException($"hop_length must be positive, got {hopLength}");
        if (chunkLength < 1) throw new R1OmniException($"chunk_length must be positive, got {chunkLength}");
        FeatureSize = featureSize;
        SamplingRate = samplingRate;
        NFft = nFft;
        HopLength = hopLength;
        NSamples = chunkLength * samplingRate;
        if (NSamples <= nFft / 2)
            throw new R1OmniException($"chunk_length × sampling_rate ({NSamples}) must exceed n_fft/2 for reflect padding");

        _fft = new RealFft(nFft);
        _window = new double[nFft];
        for (int n = 0; n < nFft; n++) _window[n] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / nFft); // periodic Hann

        var filters = MelFilterBank.Slaney(_fft.Bins, featureSize, 0, samplingRate / 2.0, samplingRate);
        _filterStart = new int[featureSize];
        _filterWeights = new double[featureSize][];
        for (int m = 0; m < featureSize; m++)
        {
            int lo = 0, hi = _fft.Bins;
            while (lo < hi && filters[m, lo] == 0) lo++;
            while (hi > lo && filters[m, hi - 1] == 0) hi--;
            _filterStart[m] = lo;
            _filterWeights[m] = new double[hi - lo];
            for (int f = lo; f < hi; f++) _filterWeights[m][f - lo] = filters[m, f];
        }
    }

    /// <summary>Reads <c>feature_size</c>, <c>sampling_rate</c>, <c>n_fft</c>, <c>hop_length</c> and <c>chunk_length</c>
    /// from a Whisper <c>preprocessor_config.json</c>.</summary>
    public static WhisperFeatureExtractor FromPreprocessorConfig(string path)
    {
        using var doc = JsonFile.Parse(path);
        var root = JsonFields.Expect(doc.RootElement, JsonValueKind.Object, path, what: "a JSON object of preprocessor settings");
        if (root.TryGetProperty("dither", out var dither) && dither.ValueKind == JsonValueKind.Number && dither.GetDouble() != 0)
            throw new R1OmniException($"{path}: \"dither\" is {dither.GetDouble()}, but only 0 (no dither) is supported");
        return new WhisperFeatureExtractor(
            JsonFields.RequiredInt(root, "feature_size", path),
            JsonFields.RequiredInt(root, "sampling_rate", path),
            JsonFields.RequiredInt(root, "n_fft", path),
            JsonFields.RequiredInt(root, "hop_length", path),
            JsonFields.RequiredInt(root, "chunk_length", path));
    }

    /// <summary>Number of mel bins (80 for whisper-tiny…large-v2, 128 for large-v3).</summary>
    public int FeatureSize { get; }
    public int SamplingRate { get; }
    public int NFft { get; }
    public int HopLength { get; }

    /// <summary>Samples every input is padded or truncated to (480,000 = 30 s at 16 kHz).</summary>
    public int NSamples { get; }

    /// <summary>Output frames (3,000 for 30 s): the centred STFT's frames minus the dropped last one.</summary>
    public int NbMaxFrames => NSamples / HopLength;

    /// <summary>Features as [FeatureSize, NbMaxFrames] float32.</summary>
    public float[,] ComputeArray(ReadOnlySpan<float> waveform)
    {
        float[] flat = ComputeFlat(waveform);
        var result = new float[FeatureSize, NbMaxFrames];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }

    /// <summary>Features as a float32 tensor [FeatureSize, NbMaxFrames] on the CPU.</summary>
    public torch.Tensor Compute(ReadOnlySpan<float> waveform) =>
        torch.tensor(ComputeFlat(waveform), [FeatureSize, NbMaxFrames]);

    float[] ComputeFlat(ReadOnlySpan<float> waveform)
    {
        if (waveform.IsEmpty)
            throw new R1OmniException("waveform is empty: expected at least one 16 kHz sample " +
                                      "(a clip without audio should be passed as silence, as HumanOmni's process_audio does)");
        double[] padded = ReflectPad(waveform);
        int frames = NbMaxFrames, bins = _fft.Bins;
        var logMel = new double[FeatureSize * frames]; // [mel, frame]

        // Frames are independent; each worker reuses its own frame, spectrum and FFT scratch buffers.
        Parallel.For(0, frames, () => (Frame: new double[NFft], Power: new double[bins], Scratch: new double[_fft.ScratchLength]),
                     (t, _, buf) =>
        {
            int offset = t * HopLength;
            for (int n = 0; n < NFft; n++) buf.Frame[n] = padded[offset + n] * _window[n];
            _fft.PowerSpectrum(buf.Frame, buf.Power, buf.Scratch);
            for (int m = 0; m < FeatureSize; m++)
            {
                double[] w = _filterWeights[m];
                int start = _filterStart[m];
                double sum = 0;
                for (int k = 0; k < w.Length; k++) sum += w[k] * buf.Power[start + k];
                logMel[m * frames + t] = Math.Log10(Math.Max(sum, MelFloor));
            }
            return buf;
        }, _ => { });

        double floor = logMel.Max() - 8.0;
        var features = new float[logMel.Length];
        for (int i = 0; i < logMel.Length; i++) features[i] = (float)((Math.Max(logMel[i], floor) + 4.0) / 4.0);
        return features;
    }

    /// <summary>The input truncated or zero-padded to NSamples, then reflect-padded by n_fft/2 on each side
    /// (torch.stft's <c>center=True, pad_mode="reflect"</c>: the edge sample is not repeated).</summary>
    double[] ReflectPad(ReadOnlySpan<float> waveform)
    {
        int pad = NFft / 2, n = NSamples, used = Math.Min(waveform.Length, n);
        var padded = new double[n + 2 * pad];
        for (int i = 0; i < used; i++) padded[pad + i] = waveform[i];
        for (int k = 1; k <= pad; k++)
        {
            padded[pad - k] = padded[pad + k];
            padded[pad + n - 1 + k] = padded[pad + n - 1 - k];
        }
        return padded;
    }
}
