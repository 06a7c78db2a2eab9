using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using R1Omni.Media;

namespace R1Omni.Tests.Media;

public class PngEncoderTests
{
    static List<(string Type, byte[] Data, uint Crc)> Chunks(byte[] png)
    {
        var chunks = new List<(string, byte[], uint)>();
        for (int at = 8; at < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = Encoding.ASCII.GetString(png, at + 4, 4);
            chunks.Add((type, png[(at + 8)..(at + 8 + length)], BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length))));
            at += 12 + length;
        }
        return chunks;
    }

    [Fact]
    public void WritesRgbRowsUnfilteredAndDeflated()
    {
        byte[] pixels = Enumerable.Range(0, 2 * 3 * 3).Select(i => (byte)(i * 13)).ToArray();
        byte[] png = PngEncoder.Encode(new RgbImage(pixels, height: 2, width: 3));

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = Chunks(png);
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        var ihdr = chunks[0].Data;
        Assert.Equal((3, 2), (BinaryPrimitives.ReadInt32BigEndian(ihdr), BinaryPrimitives.ReadInt32BigEndian(ihdr.AsSpan(4))));
        Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, ihdr[8..]);        // 8-bit RGB, deflate, no filter method, no interlace
        Assert.Equal(0xAE426082u, chunks[2].Crc);                        // the well-known CRC of an empty IEND chunk

        using var inflate = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress);
        var raw = new MemoryStream();
        inflate.CopyTo(raw);
        byte[] expected = [0, .. pixels[..9], 0, .. pixels[9..]];        // filter byte 0, then each row
        Assert.Equal(expected, raw.ToArray());
    }

    [Fact]
    public void ChunkCrcsCoverTypeAndData()
    {
        byte[] png = PngEncoder.Encode(RgbImage.Filled(4, 5, 200, 100, 50));
        foreach (var (type, data, crc) in Chunks(png))
        {
            // Bitwise CRC-32 (reflected polynomial 0xEDB88320), independent of the encoder's table.
            uint c = 0xFFFFFFFF;
            foreach (byte b in Encoding.ASCII.GetBytes(type).Concat(data))
            {
                c ^= b;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB88320 : c >> 1;
            }
            Assert.Equal(c ^ 0xFFFFFFFF, crc);
        }
    }
}
