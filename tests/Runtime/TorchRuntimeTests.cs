using R1Omni.Runtime;
using TorchSharp;

namespace R1Omni.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void LibtorchLoadsAndComputesInBf16()
    {
        Assert.Contains("libtorch", TorchRuntime.EnsureLoaded());
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2).to(torch.bfloat16);
        using var p = a.matmul(a).to(torch.float32);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, p.data<float>().ToArray());
    }

    [Fact]
    public void CudaRequestWithoutCudaIsAClearError()
    {
        if (torch.cuda.is_available()) return; // on a GPU build the request is valid
        var e = Assert.Throws<R1OmniException>(() => TorchRuntime.ParseDevice("cuda"));
        Assert.Contains("CUDA is not available", e.Message);
    }
}
