using System.Buffers.Binary;
using WavFormat = (ushort Format, int Channels, int Rate, int Bits, int BlockAlign);

namespace R1Omni.Media;

/// <summary>Reads RIFF/WAVE files that already hold the model's audio format: mono, 16 kHz, PCM16 or float32.</summary>
public static class WavReader
{
    const int RequiredRate = 16000;
    const ushort FormatPcm = 1, FormatFloat = 3, FormatExtensible = 0xFFFE;

    /// <summary>
    /// The samples as float32: PCM16 divided by 32768 (as soundfile/librosa do), float32 as stored.
    /// Chunks are walked, so headers with LIST or other extra chunks are fine.
    /// </summary>
    public static float[] ReadMono16k(string path)
    {
        if (!File.Exists(path)) throw new R1OmniException($"WAV file not found: {path}");
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> file = bytes;
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file.Slice(8, 4).SequenceEqual("WAVE"u8))
            throw new R1OmniException($"{path}: not a WAV file (expected a RIFF/WAVE header)");

        WavFormat? fmt = null;
        for (int pos = 12; pos + 8 <= file.Length;)
        {
            ReadOnlySpan<byte> id = file.Slice(pos, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(pos + 4, 4));
            int body = pos + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || body + size > file.Length) throw new R1OmniException($"{path}: truncated 'fmt ' chunk");
                fmt = ParseFormat(file.Slice(body, (int)size), path);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (fmt is not { } f) throw new R1OmniException($"{path}: 'data' chunk comes before the 'fmt ' chunk");
                if (body + size > file.Length)
                    throw new R1OmniException($"{path}: 'data' chunk declares {size} bytes but only {file.Length - body} remain (truncated file?)");
                Check(f, path);
                return Decode(file.Slice(body, (int)size), f.Format, path);
            }
            pos = (int)Math.Min(int.MaxValue, body + size + (size & 1)); // chunks are word-aligned
        }
        throw new R1OmniException($"{path}: no 'data' chunk found");
    }

    static WavFormat ParseFormat(ReadOnlySpan<byte> chunk, string path)
    {
        ushort format = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
        int rate = (int)BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(chunk[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
        if (format == FormatExtensible)
        {
            // WAVE_FORMAT_EXTENSIBLE: the real format code opens the sub-format GUID at byte 24.
            if (chunk.Length < 26) throw new R1OmniException($"{path}: truncated WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk");
            format = BinaryPrimitives.ReadUInt16LittleEndian(chunk[24..]);
        }
        return (format, channels, rate, bits, blockAlign);
    }

    static void Check(WavFormat f, string path)
    {
        string found = $"found {f.Channels} channel(s) at {f.Rate} Hz, format code {f.Format} with {f.Bits} bits";
        bool pcm16 = f.Format == FormatPcm && f.Bits == 16, float32 = f.Format == FormatFloat && f.Bits == 32;
        if (f.Channels != 1 || f.Rate != RequiredRate || !(pcm16 || float32) || f.BlockAlign != f.Bits / 8)
            throw new R1OmniException($"{path}: expected mono {RequiredRate} Hz PCM16 or float32 WAV, {found}; " +
                                      "convert it first, e.g. ffmpeg -i IN -ac 1 -ar 16000 -c:a pcm_s16le OUT.wav");
    }

    static float[] Decode(ReadOnlySpan<byte> data, ushort format, string path)
    {
        int width = format == FormatPcm ? 2 : 4;
        if (data.Length % width != 0)
            throw new R1OmniException($"{path}: 'data' chunk length {data.Length} is not a whole number of {width}-byte samples");
        var samples = new float[data.Length / width];
        for (int i = 0; i < samples.Length; i++)
            samples[i] = format == FormatPcm
                ? BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]) / 32768f
                : BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]);
        return samples;
    }
}
