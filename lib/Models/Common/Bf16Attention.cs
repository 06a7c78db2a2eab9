using System.Runtime.InteropServices;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Models.Common;

/// <summary>
/// The towers' unmasked bf16 self-attention (SigLIP, Whisper: head size 64) in native code (<c>native/bf16_attention.c</c>)
/// with AVX-512 BF16 dot products for q·kᵀ and P·v, one call per (batch, head) split over the cores. Its arithmetic is that
/// of PyTorch's CPU SDPA, which the bf16 path used before (bf16 products summed in fp32, the softmax in fp32, the
/// probabilities rounded to bf16 for P·v, the output to bf16), with each row's softmax over all keys at once instead of
/// in blocks with rescaling, so only the order of sums and the probabilities' rounding differ (the tests bound both
/// against fp32). Used for bf16 inputs outside autograd where the native kernels run; otherwise libtorch's SDPA.
/// </summary>
public static unsafe class Bf16Attention
{
    /// <summary>Process-wide switch: false keeps libtorch's SDPA (benchmarks and tests compare the two in one run).</summary>
    public static bool Enabled { get; set; } = true;

    const int HeadSize = 64;

    static readonly delegate* unmanaged<ushort*, ushort*, ushort*, long, long, long, float, ushort*, long, void*, void> attend;
    static readonly delegate* unmanaged<long, long> scratchBytes;

    static Bf16Attention()
    {
        if (!NativeKernels.Available) return;
        attend = (delegate* unmanaged<ushort*, ushort*, ushort*, long, long, long, float, ushort*, long, void*, void>)NativeKernels.Export("r1omni_bf16_attention");
        scratchBytes = (delegate* unmanaged<long, long>)NativeKernels.Export("r1omni_bf16_attention_scratch");
    }

    /// <summary>
    /// softmax(q·kᵀ/√64)·v per head for projections q, k, v [B, L, H·64] (bf16, contiguous), merged back to [B, L, H·64];
    /// null where this kernel does not apply.
    /// </summary>
    public static Tensor? TryAttend(Tensor q, Tensor k, Tensor v, int heads)
    {
        if (!Enabled || !NativeKernels.Available || heads < 1 || q.dim() != 3 || q.shape[2] != (long)heads * HeadSize) return null;
        foreach (var t in new[] { q, k, v })
            if (t.device_type != TorchSharp.DeviceType.CPU || t.dtype != ScalarType.BFloat16 || !t.is_contiguous() || !t.shape.SequenceEqual(q.shape) ||
                (is_grad_enabled() && t.requires_grad)) return null;
        long b = q.shape[0], l = q.shape[1], width = q.shape[2];
        var output = empty(b, l, width, dtype: ScalarType.BFloat16);
        ushort* qp = (ushort*)TensorData.Address(q), kp = (ushort*)TensorData.Address(k), vp = (ushort*)TensorData.Address(v), op = (ushort*)TensorData.Address(output);
        nint qs = (nint)qp, ks = (nint)kp, vs = (nint)vp, os = (nint)op;
        long scratch = scratchBytes(l);
        int pairs = (int)(b * heads);
        float scale = 1f / MathF.Sqrt(HeadSize);
        ThreadRanges.Run(pairs, (long)pairs * l * l * HeadSize * 2, (first, end) =>
        {
            void* buffer = NativeMemory.AlignedAlloc((nuint)scratch, 64);
            try
            {
                for (int i = first; i < end; i++)
                {
                    long offset = i / heads * l * width + i % heads * HeadSize;
                    attend((ushort*)qs + offset, (ushort*)ks + offset, (ushort*)vs + offset, width, l, l, scale, (ushort*)os + offset, width, buffer);
                }
            }
            finally { NativeMemory.AlignedFree(buffer); }
        });
        return output;
    }
}
