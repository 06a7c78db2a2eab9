using System.Buffers.Binary;
using System.Text;

namespace R1Omni.Tests.Checkpoints;

/// <summary>Builds safetensors files byte by byte, so tests can feed the reader deliberately broken input.</summary>
static class RawSafetensors
{
    /// <summary>Writes the 8-byte length, the header text (unpadded, as given) and the data; returns the path.</summary>
    public static string Write(string dir, string header, byte[] data, string name = "bad.safetensors")
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        string path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
