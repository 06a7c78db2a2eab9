using TorchSharp;

namespace R1Omni.Tests.Checkpoints;

static class TensorAssert
{
    /// <summary>Same dtype, shape and raw bytes (so NaN payloads and -0 count).</summary>
    public static void BitIdentical(torch.Tensor expected, torch.Tensor actual, string what = "")
    {
        Assert.True(expected.dtype == actual.dtype, $"{what}: dtype {actual.dtype}, expected {expected.dtype}");
        Assert.Equal(expected.shape, actual.shape);
        using var e = expected.cpu().contiguous();
        using var a = actual.cpu().contiguous();
        Assert.True(e.bytes.SequenceEqual(a.bytes), $"{what}: bytes differ");
    }
}
