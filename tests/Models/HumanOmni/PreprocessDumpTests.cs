using R1Omni.Checkpoints;
using R1Omni.Cli;

namespace R1Omni.Tests.Models.HumanOmni;

/// <summary>`dump` without a model against the mel and SigLIP-preprocessing parity cases.</summary>
public class PreprocessDumpTests
{
    static SafetensorsFile Dump(string inputs)
    {
        string outFile = Path.Combine(TestPaths.NewTempDir(), "out.safetensors");
        var stderr = new StringWriter();
        int rc = CommandRegistry.Main(["dump", "--inputs", inputs, "--out", outFile], new StringWriter(), stderr);
        Assert.True(rc == 0, stderr.ToString());
        return SafetensorsFile.Open(outFile);
    }

    [Fact]
    public void WaveformGivesBothMelSizes()
    {
        string dir = TestPaths.Fixture("parity", "mel");
        using var got = Dump(Path.Combine(dir, "inputs.safetensors"));
        using var expected = SafetensorsFile.Open(Path.Combine(dir, "expected.safetensors"));
        foreach (string name in new[] { "input_features_80", "input_features_128" })
        {
            // 5e-5: the reference's fp32 STFT path vs our float64 one (parity README).
            double diff = (got.Load(name) - expected.Load(name)).abs().max().item<float>();
            Assert.True(diff <= 5e-5, $"{name}: {diff:E2}");
        }
    }

    [Fact]
    public void ImageGivesBothFramingsExactly()
    {
        string dir = TestPaths.Fixture("parity", "siglip_preprocess");
        using var got = Dump(Path.Combine(dir, "inputs.safetensors"));
        using var expected = SafetensorsFile.Open(Path.Combine(dir, "expected.safetensors"));
        foreach (string name in new[] { "pixel_values_squash", "pixel_values_pad" })
            Assert.True((got.Load(name) - expected.Load(name)).abs().max().item<float>() <= 1e-7, name);
    }

    [Fact]
    public void NothingToPreprocessIsAClearError()
    {
        var stderr = new StringWriter();
        string inputs = Path.Combine(TestPaths.Fixture("parity", "qwen2"), "inputs.safetensors");
        int rc = CommandRegistry.Main(["dump", "--inputs", inputs, "--out", Path.Combine(TestPaths.NewTempDir(), "o.safetensors")], new StringWriter(), stderr);
        Assert.Equal(1, rc);
        Assert.Contains("waveform", stderr.ToString());
    }
}
