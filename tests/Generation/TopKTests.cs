using R1Omni.Generation;
using static TorchSharp.torch;

namespace R1Omni.Tests.Generation;

/// <summary>
/// <see cref="TopK"/> against libtorch's <c>topk</c>: the same values and ids in the same order, on continuous scores,
/// on scores with many ties (few distinct values, so the heap's order of equal scores shows), with −∞ and NaN.
/// </summary>
public class TopKTests
{
    [Theory]
    [InlineData(3200, 50, 0)]       // k · 64 = n, the smallest size it takes
    [InlineData(151936, 50, 0)]     // Qwen2's vocabulary
    [InlineData(151936, 50, 3)]     // three distinct values: ties everywhere
    [InlineData(20000, 7, 40)]
    [InlineData(20000, 1, 2)]
    [InlineData(10000, 50, -1)]     // continuous, with −∞ and NaN scattered in
    public void ValuesAndIdsAreLibtorchsInItsOrder(int n, int k, int levels)
    {
        if (!TopK.Applies(zeros(1, n), k)) return; // needs AVX-512; elsewhere libtorch's topk runs and nothing is to compare
        var rng = new Random(n + k + levels);
        const int rows = 5;
        var data = new float[rows * n];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = levels > 0 ? rng.Next(levels) : (float)(rng.NextDouble() * 10 - 5);
            if (levels < 0 && rng.Next(500) == 0) data[i] = rng.Next(2) == 0 ? float.NegativeInfinity : float.NaN;
        }
        using var scores = tensor(data).view(rows, n);
        var (values, indices) = scores.topk(k, dim: -1);
        var expectedValues = values.data<float>().ToArray();
        var expectedIds = indices.data<long>().Select(i => (int)i).ToArray();
        var v = new float[rows * k];
        var ids = new int[rows * k];
        TopK.Of(scores, k, v, ids);
        Assert.Equal(expectedIds, ids);
        Assert.Equal(expectedValues.Select(BitConverter.SingleToInt32Bits), v.Select(BitConverter.SingleToInt32Bits));
    }
}
