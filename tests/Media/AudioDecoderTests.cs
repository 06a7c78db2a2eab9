using System.Runtime.InteropServices;
using R1Omni.Media;

namespace R1Omni.Tests.Media;

public class AudioDecoderTests
{
    static double Rms(float[] x) => Math.Sqrt(x.Sum(v => (double)v * v) / x.Length);

    /// <summary>Frequency from rising zero crossings per second, over the middle 80% (AAC's padded last frame is
    /// low-level noise with crossings of its own).</summary>
    static double Frequency(float[] x, int rate)
    {
        int from = x.Length / 10, to = x.Length - x.Length / 10;
        return Enumerable.Range(from + 1, to - from - 1).Count(i => x[i - 1] < 0 && x[i] >= 0) / ((double)(to - from) / rate);
    }

    [Fact]
    public void MonoAacSineBecomes16kHzFloatAtItsFrequencyAndLevel()
    {
        DecodedAudio audio = AudioDecoder.Decode16kMono(TestMedia.ColourClip);
        Assert.False(audio.Substituted);
        Assert.Null(audio.SubstitutionReason);
        Assert.Equal(16000, audio.SampleRate);
        // AAC pads its last frame, so a few ms more than the 3 s encoded may come back.
        Assert.InRange(audio.Samples.Length, 48000, 48000 * 1.02);
        Assert.Equal(TestMedia.SineHz, Frequency(audio.Samples, 16000), 5.0);
        Assert.Equal(TestMedia.SineAmplitude / Math.Sqrt(2), Rms(audio.Samples), 0.005);
    }

    [Fact]
    public void StereoIsDownmixedBySwresampleWithoutNormalisation()
    {
        // Left = the sine, right = silence. With float samples libswresample mixes stereo to mono as (L + R)/√2
        // (it rescales to (L + R)/2 only for integer formats), and so does decord's AudioReader, which also asks
        // swresample for float output.
        float[] mono = AudioDecoder.Decode16kMono(TestMedia.ColourClip).Samples;
        float[] stereo = AudioDecoder.Decode16kMono(TestMedia.Stereo).Samples;
        Assert.Equal(TestMedia.SineHz, Frequency(stereo, 16000), 5.0);
        Assert.Equal(1 / Math.Sqrt(2), Rms(stereo) / Rms(mono), 0.02);
    }

    [Fact]
    public void AudioOnlyFileDecodes()
    {
        DecodedAudio audio = AudioDecoder.Decode16kMono(TestMedia.AudioOnly);
        Assert.InRange(audio.Seconds, 1.0, 1.05);
        Assert.Equal(TestMedia.SineHz, Frequency(audio.Samples, 16000), 5.0);
    }

    [Fact]
    public void MissingAudioIsTenSecondsOfReportedSilence()
    {
        DecodedAudio audio = AudioDecoder.Decode16kMono(TestMedia.Silent);
        Assert.True(audio.Substituted);
        Assert.Contains(TestMedia.Silent, audio.SubstitutionReason);
        Assert.Contains("no audio stream", audio.SubstitutionReason);
        Assert.Equal(160_000, audio.Samples.Length);
        Assert.All(audio.Samples, s => Assert.Equal(0f, s));
    }

    [Fact]
    public void MissingAudioIsAnErrorWhenAskedFor()
    {
        var e = Assert.Throws<R1OmniException>(() => AudioDecoder.Decode16kMono(TestMedia.Silent, AudioPolicy.ErrorWhenMissing));
        Assert.Contains(TestMedia.Silent, e.Message);
        Assert.Contains("no audio stream", e.Message);
    }

    [Fact]
    public void Pcm16Wav16kMonoComesBackExactly()
    {
        // s16 → float is an exact division by 32768 in swresample, and nothing is resampled or mixed.
        var inputs = FixtureTensors.Safetensors(TestPaths.Fixture("media", "mel", "inputs.safetensors.gz"));
        DecodedAudio audio = AudioDecoder.Decode16kMono(TestPaths.Fixture("media", "audio", "jfk.wav"));
        Assert.Equal(inputs["waveform"].Floats(), audio.Samples);
    }

    [Fact]
    public void NaNSamplesBecomeMinusOnePointFive()
    {
        float[] values = [0.5f, float.NaN, -0.25f, float.NaN, 1e-3f];
        string path = TestWav.Write(Path.Combine(TestPaths.NewTempDir(), "nan.wav"), 16000, 1, 3, 32,
                                    MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        Assert.Equal([0.5f, -1.5f, -0.25f, -1.5f, 1e-3f], AudioDecoder.Decode16kMono(path).Samples);
    }

    [Fact]
    public void TruncatedAudioIsAnErrorUnderEitherPolicy()
    {
        string path = TestMedia.Truncated(TestMedia.ColourClip, "truncated.mp4", 0.5);
        foreach (AudioPolicy policy in Enum.GetValues<AudioPolicy>())
        {
            var e = Assert.Throws<R1OmniException>(() => AudioDecoder.Decode16kMono(path, policy));
            Assert.Contains(path, e.Message);
            Assert.Contains("the audio stream states 3 s but only", e.Message);
        }
    }

    [Fact]
    public void MissingFileIsAnErrorNotSilence()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "missing.mp4");
        var e = Assert.Throws<R1OmniException>(() => AudioDecoder.Decode16kMono(path));
        Assert.Contains(path, e.Message);
    }
}
