using R1Omni.Models.Common;

namespace R1Omni.Tests.Models;

// Switches Bf16DotKernel.Enabled, a process-wide setting.
[Collection(nameof(ProcessWideSettings))]
public unsafe class GemvKernelTests
{
    // Narrow inputs take the eight-row pass, wide ones (over 1,024) the two-weight-row pass; odd output counts leave a
    // last weight row to Block8, and column counts that are not a multiple of 32 exercise the scalar tail.
    // bf16 runs through the AVX-512 BF16 kernel where it applies (native), and through the managed one (managed).
    [Theory]
    [InlineData(true, true, 70, 37)]
    [InlineData(true, true, 1100, 45)]
    [InlineData(true, true, 96, 9)]
    [InlineData(true, false, 70, 37)]
    [InlineData(true, false, 1100, 45)]
    [InlineData(false, false, 70, 37)]
    [InlineData(false, false, 1100, 45)]
    public void EveryRowSumsAsItWouldAloneAndMatchesTheDoubleReference(bool bf16, bool native, int inFeatures, int outFeatures)
    {
        if (!GemvKernel.Supported) return; // the kernel needs AVX-512; elsewhere libtorch runs and nothing is to compare
        if (native && !Bf16DotKernel.Available) return; // covered by NativeKernelRunsWhereTheCpuHasAvx512Bf16
        const int maxRows = 11;
        var rng = new Random(3);
        var weights = new float[outFeatures * inFeatures];
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(rng.NextDouble() - 0.5);
        var bias = Enumerable.Range(0, outFeatures).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        if (bf16)
        {
            for (int i = 0; i < weights.Length; i++) weights[i] = BitConverter.Int32BitsToSingle(Bf16Gemv.ToBf16(weights[i]) << 16);
            for (int i = 0; i < bias.Length; i++) bias[i] = BitConverter.Int32BitsToSingle(Bf16Gemv.ToBf16(bias[i]) << 16);
        }
        ushort[] weightBits = weights.Select(Bf16Gemv.ToBf16).ToArray(), biasBits = bias.Select(Bf16Gemv.ToBf16).ToArray();
        var x = new float[maxRows * inFeatures];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() - 0.5);
        // bf16 weights take bf16 activations (the model's dtype), which the AVX-512 BF16 kernel multiplies as bf16.
        if (bf16) for (int i = 0; i < x.Length; i++) x[i] = BitConverter.Int32BitsToSingle(Bf16Gemv.ToBf16(x[i]) << 16);

        float[] Run(int rows, int firstRow)
        {
            var y = new float[rows * outFeatures];
            fixed (float* wf = weights, bf = bias, xp = &x[firstRow * inFeatures], yp = y)
            fixed (ushort* wb = weightBits, bb = biasBits)
            {
                var projection = bf16
                    ? new GemvKernel.Projection((nint)wb, (nint)bb, outFeatures, Bf16: true, (nint)yp)
                    : new GemvKernel.Projection((nint)wf, (nint)bf, outFeatures, Bf16: false, (nint)yp);
                bool before = Bf16DotKernel.Enabled;
                try
                {
                    Bf16DotKernel.Enabled = native;
                    GemvKernel.Run([projection], xp, inFeatures, rows);
                }
                finally { Bf16DotKernel.Enabled = before; }
            }
            return y;
        }

        var alone = Enumerable.Range(0, maxRows).Select(r => Run(1, r)).ToArray();
        for (int rows = 2; rows <= maxRows; rows++)
        {
            var together = Run(rows, 0);
            for (int r = 0; r < rows; r++)
                Assert.True(together.AsSpan(r * outFeatures, outFeatures).SequenceEqual(alone[r]), $"row {r} of {rows} differs from its run alone");
        }
        for (int r = 0; r < maxRows; r++)
            for (int o = 0; o < outFeatures; o++)
            {
                double reference = bias[o];
                for (int k = 0; k < inFeatures; k++) reference += (double)weights[o * inFeatures + k] * x[r * inFeatures + k];
                Assert.True(Math.Abs(alone[r][o] - reference) <= 1e-5 * inFeatures, $"row {r}, output {o}: {alone[r][o]} against {reference}");
            }
    }

    [Fact]
    public void NativeKernelRunsWhereTheCpuHasAvx512Bf16()
    {
        bool cpu = File.ReadAllText("/proc/cpuinfo").Split('\n').Any(l => l.StartsWith("flags") && l.Split(' ').Contains("avx512_bf16"));
        // Where the CPU has the instruction, the build must have produced the library and loaded it.
        Assert.True(Bf16DotKernel.Available == (cpu && GemvKernel.Supported), Bf16DotKernel.Status);
    }
}
