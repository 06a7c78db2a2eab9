using System.Runtime.InteropServices;

namespace R1Omni.Tests.Media;

/// <summary>One array read from a fixture file: its dtype as written there, its shape and its little-endian bytes.</summary>
public sealed record FixtureTensor(string Dtype, long[] Shape, byte[] Data)
{
    public float[] Floats()
    {
        Assert.True(Dtype is "F32" or "<f4", $"expected a float32 array, got {Dtype}");
        return MemoryMarshal.Cast<byte, float>(Data).ToArray();
    }

    public byte[] Bytes()
    {
        Assert.True(Dtype is "U8" or "|u1", $"expected a uint8 array, got {Dtype}");
        return Data;
    }
}
