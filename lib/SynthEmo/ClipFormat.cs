using System.Text.Json.Serialization;

namespace R1Omni.SynthEmo;

/// <summary>Size, frame rate, duration and audio sample rate of every clip, and the x264 quality (CRF).</summary>
public sealed record ClipFormat(int Width = 112, int Height = 112, int Fps = 10, double Seconds = 2.0, int SampleRate = 16000, int Crf = 18)
{
    static readonly int[] AacRates = [16000, 22050, 32000, 44100, 48000];

    [JsonIgnore] public int FrameCount => (int)Math.Round(Seconds * Fps);
    [JsonIgnore] public int SampleCount => (int)Math.Round(Seconds * SampleRate);
    [JsonIgnore] public int FrameBytes => Width * Height * 3;

    /// <summary>Checks every field; yuv420p needs even sizes and AAC one of its usual sample rates.</summary>
    public void Validate(string owner)
    {
        if (Width < 32 || Height < 32 || Width > 1024 || Height > 1024 || Width % 2 != 0 || Height % 2 != 0)
            throw new R1OmniException($"{owner}: clip size {Width}x{Height} must be even and between 32 and 1024 pixels");
        if (Fps is < 1 or > 60) throw new R1OmniException($"{owner}: fps {Fps} must be between 1 and 60");
        if (!(Seconds >= 0.5 && Seconds <= 30)) throw new R1OmniException($"{owner}: seconds {Seconds} must be between 0.5 and 30");
        if (!AacRates.Contains(SampleRate))
            throw new R1OmniException($"{owner}: sample rate {SampleRate} must be one of {string.Join(", ", AacRates)} Hz");
        if (Crf is < 0 or > 51) throw new R1OmniException($"{owner}: crf {Crf} must be between 0 and 51");
    }
}
