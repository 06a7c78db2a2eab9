using System.Runtime.Intrinsics;
using R1Omni.Models.Common;

namespace R1Omni.Tests.Models;

public class LaneSumsTests
{
    // Magnitudes spread over 2^±40 make almost every association of the additions round differently, so any other
    // order than Vector512.Sum's shows.
    [Fact]
    public void EachLaneIsVector512SumOfItsVectorBitForBit()
    {
        if (!GemvKernel.Supported) return; // the decoding step that uses it needs AVX-512
        var rng = new Random(11);
        var lanes = new float[16];
        Vector512<float> Random()
        {
            for (int i = 0; i < 16; i++) lanes[i] = (float)((rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-40, 41)));
            return Vector512.Create(lanes);
        }
        int differ = 0;
        for (int trial = 0; trial < 20_000; trial++)
        {
            var a = Enumerable.Range(0, 16).Select(_ => Random()).ToArray();
            var sums = LaneSums.Of(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15]);
            for (int i = 0; i < 16; i++)
                if (BitConverter.SingleToInt32Bits(sums.GetElement(i)) != BitConverter.SingleToInt32Bits(Vector512.Sum(a[i]))) differ++;
        }
        Assert.Equal(0, differ);
    }
}
