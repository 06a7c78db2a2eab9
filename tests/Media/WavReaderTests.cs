using System.Runtime.InteropServices;
using R1Omni.Media;

namespace R1Omni.Tests.Media;

public class WavReaderTests
{
    [Fact]
    public void JfkWavEqualsTheParityWaveform()
    {
        // jfk.wav has a LIST chunk between 'fmt ' and 'data', so this also checks the chunk walk.
        float[] samples = WavReader.ReadMono16k(TestPaths.Fixture("media", "audio", "jfk.wav"));
        var inputs = FixtureTensors.Safetensors(TestPaths.Fixture("media", "mel", "inputs.safetensors.gz"));
        float[] expected = inputs["waveform"].Floats();
        Assert.Equal(176000, samples.Length);
        Assert.Equal(expected, samples);
    }

    [Fact]
    public void Float32MonoIsReadAsStored()
    {
        float[] values = [0f, 0.25f, -1f, 1e-7f, 0.999f];
        string path = TestWav.Write(Path.Combine(TestPaths.NewTempDir(), "f32.wav"), 16000, 1, 3, 32,
                                    MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        Assert.Equal(values, WavReader.ReadMono16k(path));
    }

    [Fact]
    public void Pcm16IsScaledBy32768()
    {
        short[] values = [0, 1, -1, short.MaxValue, short.MinValue, 16384];
        string path = TestWav.Write(Path.Combine(TestPaths.NewTempDir(), "s16.wav"), 16000, 1, 1, 16,
                                    MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        Assert.Equal(values.Select(v => v / 32768f).ToArray(), WavReader.ReadMono16k(path));
    }

    [Fact]
    public void OtherRateOrChannelsIsAnErrorNamingFileAndFormat()
    {
        string path = TestWav.Write(Path.Combine(TestPaths.NewTempDir(), "cd.wav"), 44100, 2, 1, 16, new byte[16]);
        var e = Assert.Throws<R1OmniException>(() => WavReader.ReadMono16k(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("44100 Hz", e.Message);
        Assert.Contains("2 channel", e.Message);
    }

    [Fact]
    public void OtherSampleFormatIsAnError()
    {
        string path = TestWav.Write(Path.Combine(TestPaths.NewTempDir(), "u8.wav"), 16000, 1, 1, 8, new byte[4]);
        Assert.Contains("8 bits", Assert.Throws<R1OmniException>(() => WavReader.ReadMono16k(path)).Message);
    }

    [Fact]
    public void TruncatedDataAndNonWavFilesAreErrors()
    {
        string dir = TestPaths.NewTempDir();
        string truncated = TestWav.Write(Path.Combine(dir, "cut.wav"), 16000, 1, 1, 16, new byte[8], declaredDataBytes: 800);
        Assert.Contains("truncated", Assert.Throws<R1OmniException>(() => WavReader.ReadMono16k(truncated)).Message);

        string text = Path.Combine(dir, "notes.wav");
        File.WriteAllText(text, "this is not audio");
        Assert.Contains("not a WAV file", Assert.Throws<R1OmniException>(() => WavReader.ReadMono16k(text)).Message);

        string missing = Path.Combine(dir, "absent.wav");
        Assert.Contains(missing, Assert.Throws<R1OmniException>(() => WavReader.ReadMono16k(missing)).Message);
    }
}
