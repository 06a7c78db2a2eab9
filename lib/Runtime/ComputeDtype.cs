using TorchSharp;
using static TorchSharp.torch;

namespace R1Omni.Runtime;

/// <summary>Compute dtypes offered to users: fp32 (parity, debugging) and bf16 (fast path on CPU and GPU).</summary>
public static class ComputeDtype
{
    public static readonly string[] Names = ["fp32", "bf16"];

    public static ScalarType Parse(string name, Device device) => name switch
    {
        "fp32" => ScalarType.Float32,
        "bf16" => ScalarType.BFloat16,
        // fp16 on CPU runs 100–400× slower than fp32 here, so it is only offered on CUDA.
        "fp16" when device.type == DeviceType.CUDA => ScalarType.Float16,
        "fp16" => throw new R1OmniException("fp16 is not supported on CPU (it is 100–400× slower); use bf16 or fp32"),
        _ => throw new R1OmniException($"unknown dtype '{name}' (expected fp32 or bf16{(device.type == DeviceType.CUDA ? " or fp16" : "")})"),
    };
}
