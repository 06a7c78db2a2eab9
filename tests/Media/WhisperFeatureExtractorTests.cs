using R1Omni.Media;
using TorchSharp;
using Xunit.Abstractions;

namespace R1Omni.Tests.Media;

public class WhisperFeatureExtractorTests(ITestOutputHelper output)
{
    static readonly Lazy<Dictionary<string, FixtureTensor>> MelExpected =
        new(() => FixtureTensors.Safetensors(TestPaths.Fixture("media", "mel", "expected.safetensors.gz")));

    static readonly Lazy<float[]> Jfk = new(() => WavReader.ReadMono16k(TestPaths.Fixture("media", "audio", "jfk.wav")));

    [Theory]
    [InlineData(128)]
    [InlineData(80)]
    public void JfkMatchesTransformersTorchPathAndTheFloat64Recipe(int mels)
    {
        float[,] features = new WhisperFeatureExtractor(mels).ComputeArray(Jfk.Value);
        Assert.Equal(mels, features.GetLength(0));
        Assert.Equal(3000, features.GetLength(1));

        var torchPath = MelExpected.Value[$"input_features_{mels}"];
        Assert.Equal([mels, 3000L], torchPath.Shape);
        double vsTorch = MaxAbsDiff(features, torchPath.Floats());
        double vsFloat64 = MaxAbsDiff(features, MelExpected.Value[$"input_features_{mels}_fp64"].Floats());
        output.WriteLine($"{mels} mels: max |diff| vs torch-fp32 {vsTorch:E2}, vs float64 recipe {vsFloat64:E2}");
        Assert.True(vsTorch <= 5e-5, $"vs torch-fp32 path: {vsTorch:E2}");
        // This implementation is the float64 recipe, so it should sit at float32 rounding from that reference.
        Assert.True(vsFloat64 <= 1e-6, $"vs float64 recipe: {vsFloat64:E2}");
    }

    [Fact]
    public void BumblebeeExactHfReference80Bins()
    {
        float[] waveform = FixtureTensors.Npy(TestPaths.Fixture("media", "whisper_mel", "bumblebee", "test_input_raw_1.npy.gz")).Floats();
        var expected = FixtureTensors.Npy(TestPaths.Fixture("media", "whisper_mel", "bumblebee", "test_output_featurized_1.npy.gz"));
        Assert.Equal(93680, waveform.Length);
        Assert.Equal([80L, 3000L], expected.Shape);

        double diff = MaxAbsDiff(new WhisperFeatureExtractor(80).ComputeArray(waveform), expected.Floats());
        output.WriteLine($"bumblebee 80 mels: max |diff| {diff:E2}");
        Assert.True(diff <= 1e-6, $"max |diff| {diff:E2}");
    }

    [Fact]
    public void TinySineMatchesBumblebeeRecordedValues()
    {
        float[] waveform = [.. Enumerable.Range(0, 100).Select(n => (float)Math.Sin(n))];
        float[,] f = new WhisperFeatureExtractor(80).ComputeArray(waveform);
        // HF layout [mel, frame]; values recorded to 4 decimals.
        double[,] expected = { { 0.7313, 0.4332 }, { 0.7820, 0.4861 }, { 0.7391, 0.4412 }, { 0.6787, 0.3497 } };
        for (int mel = 0; mel < 4; mel++)
        {
            for (int frame = 0; frame < 2; frame++) Assert.Equal(expected[mel, frame], f[mel, frame], 0.00005 + 1e-6);
            for (int frame = 2; frame < 4; frame++) Assert.Equal(-0.5938, f[mel, frame], 0.00005 + 1e-6);
        }
    }

    [Fact]
    public void MelFiltersMatchWhisperAssets()
    {
        var assets = FixtureTensors.Npz(TestPaths.Fixture("media", "whisper_mel", "mel_filters.npz"));
        foreach (int mels in new[] { 80, 128 })
        {
            var asset = assets[$"mel_{mels}"];
            Assert.Equal([mels, 201L], asset.Shape);
            float[] expected = asset.Floats();
            double[,] filters = MelFilterBank.Slaney(201, mels, 0, 8000, 16000);
            double worst = 0;
            for (int m = 0; m < mels; m++)
                for (int f = 0; f < 201; f++)
                    worst = Math.Max(worst, Math.Abs(filters[m, f] - expected[m * 201 + f]));
            output.WriteLine($"mel_{mels}: max |diff| vs float32 asset {worst:E2}");
            Assert.True(worst <= 1e-7, $"mel_{mels}: {worst:E2}");
        }
    }

    [Fact]
    public void PaddingAndTruncationFollowThe30SecondWindow()
    {
        var extractor = new WhisperFeatureExtractor(80);
        float[] clip = Jfk.Value;
        float[] padded = new float[extractor.NSamples];
        clip.CopyTo(padded, 0);
        Assert.Equal(extractor.ComputeArray(clip), extractor.ComputeArray(padded));

        float[] longer = new float[extractor.NSamples + 5 * 16000];
        for (int i = 0; i < longer.Length; i++) longer[i] = clip[i % clip.Length];
        Assert.Equal(extractor.ComputeArray(longer.AsSpan(0, extractor.NSamples)), extractor.ComputeArray(longer));
    }

    [Fact]
    public void SilenceIsMinusOnePointFiveEverywhere()
    {
        float[,] f = new WhisperFeatureExtractor(128).ComputeArray(new float[16000]);
        Assert.All(f.Cast<float>(), v => Assert.Equal(-1.5f, v));
    }

    [Fact]
    public void TensorHasShapeMelsByFramesAndTheSameValues()
    {
        var extractor = new WhisperFeatureExtractor(80);
        float[] clip = Jfk.Value.AsSpan(0, 32000).ToArray();
        using var tensor = extractor.Compute(clip);
        Assert.Equal([80L, 3000L], tensor.shape);
        Assert.Equal(torch.float32, tensor.dtype);
        Assert.Equal(extractor.ComputeArray(clip).Cast<float>().ToArray(), tensor.data<float>().ToArray());
    }

    [Fact]
    public void EmptyWaveformIsAnError() =>
        Assert.Contains("waveform is empty", Assert.Throws<R1OmniException>(() => new WhisperFeatureExtractor().ComputeArray([])).Message);

    [Fact]
    public void ReadsWhisperPreprocessorConfig()
    {
        string dir = TestPaths.NewTempDir();
        string path = Path.Combine(dir, "preprocessor_config.json");
        File.WriteAllText(path, """
            {"chunk_length": 30, "feature_extractor_type": "WhisperFeatureExtractor", "feature_size": 128,
             "hop_length": 160, "n_fft": 400, "n_samples": 480000, "nb_max_frames": 3000, "padding_side": "right",
             "padding_value": 0.0, "processor_class": "WhisperProcessor", "return_attention_mask": false, "sampling_rate": 16000}
            """);
        var extractor = WhisperFeatureExtractor.FromPreprocessorConfig(path);
        Assert.Equal((128, 16000, 400, 160, 480000, 3000),
                     (extractor.FeatureSize, extractor.SamplingRate, extractor.NFft, extractor.HopLength, extractor.NSamples, extractor.NbMaxFrames));

        File.WriteAllText(path, """{"feature_size": 80, "sampling_rate": 16000, "n_fft": 400, "chunk_length": 30}""");
        var e = Assert.Throws<R1OmniException>(() => WhisperFeatureExtractor.FromPreprocessorConfig(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("field 'hop_length' is missing (expected an integer)", e.Message);
    }

    static double MaxAbsDiff(float[,] actual, float[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        int i = 0;
        foreach (float v in actual) worst = Math.Max(worst, Math.Abs(v - (double)expected[i++]));
        return worst;
    }
}
