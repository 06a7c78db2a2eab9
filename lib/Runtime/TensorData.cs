using static TorchSharp.torch;

namespace R1Omni.Runtime;

/// <summary>Raw access to a tensor's storage for the managed kernels.</summary>
public static class TensorData
{
    /// <summary>The address of a contiguous CPU tensor's data: native memory, so it stays valid while the tensor lives.</summary>
    public static unsafe nint Address(Tensor t)
    {
        if (t.device_type != TorchSharp.DeviceType.CPU || !t.is_contiguous()) throw new ArgumentException("a managed kernel needs a contiguous CPU tensor");
        fixed (byte* p = t.bytes) return (nint)p;
    }
}
