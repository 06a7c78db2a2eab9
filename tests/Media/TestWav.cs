using System.Text;

namespace R1Omni.Tests.Media;

/// <summary>Writes small WAV files with chosen header fields, for reader tests.</summary>
public static class TestWav
{
    public static string Write(string path, int rate, int channels, ushort formatCode, int bits, byte[] data, int? declaredDataBytes = null)
    {
        using var w = new BinaryWriter(File.Create(path));
        w.Write(Encoding.ASCII.GetBytes("RIFF"));
        w.Write(4 + 8 + 16 + 8 + data.Length);
        w.Write(Encoding.ASCII.GetBytes("WAVE"));
        w.Write(Encoding.ASCII.GetBytes("fmt "));
        w.Write(16);
        w.Write(formatCode);
        w.Write((ushort)channels);
        w.Write(rate);
        w.Write(rate * channels * bits / 8);
        w.Write((ushort)(channels * bits / 8));
        w.Write((ushort)bits);
        w.Write(Encoding.ASCII.GetBytes("data"));
        w.Write(declaredDataBytes ?? data.Length);
        w.Write(data);
        return path;
    }
}
