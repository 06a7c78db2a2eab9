using System.Runtime.Intrinsics;
using R1Omni.Models.Common;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Generation;

/// <summary>
/// What the log-prob passes need from a chunk of fp32 logits [n, V] (V = the vocabulary, 151,936 at the real size),
/// in managed passes over each row on the CPU: the target's log-softmax, the log-sum-exp and the entropy from one
/// exponential per logit (max, then Σ e^(l−m) and Σ e^(l−m)·l), and the gradient c·(onehot − softmax) written over the
/// logits. libtorch takes about ten passes over the block for the same (logsumexp, gather, a second logsumexp and a
/// softmax for the entropy, then sub, exp, mul and scatter for the gradient). Same formulas; only the order of the
/// sums and the exponential's last bit differ.
/// </summary>
public static unsafe class LogSoftmaxRows
{
    /// <summary>True when <paramref name="logits"/> can go through these passes: CPU, fp32, 2-D, contiguous, outside autograd.</summary>
    public static bool Applies(Tensor logits) =>
        logits.device_type == TorchSharp.DeviceType.CPU && logits.dtype == ScalarType.Float32 && logits.dim() == 2 &&
        logits.is_contiguous() && !(is_grad_enabled() && logits.requires_grad);

    /// <summary>Per row: log-softmax of <paramref name="targets"/>[row], the log-sum-exp and (when given a buffer) the entropy.</summary>
    public static void Statistics(Tensor logits, long[] targets, float[] logp, float[] logSumExp, float[]? entropy)
    {
        int n = (int)logits.shape[0], v = (int)logits.shape[1];
        float* l = (float*)TensorData.Address(logits);
        ForEachRow(n, v, row =>
        {
            float* x = l + (long)row * v;
            float max = Max(x, v);
            var vm = Vector512.Create(max);
            Vector512<float> sum = Vector512<float>.Zero, weighted = Vector512<float>.Zero;
            int k = 0;
            for (; k + 16 <= v; k += 16)
            {
                var xk = Vector512.Load(x + k);
                var e = Vector512.Exp(xk - vm);
                sum += e;
                weighted += e * xk;
            }
            float s = Vector512.Sum(sum), t = Vector512.Sum(weighted);
            for (; k < v; k++) { float e = MathF.Exp(x[k] - max); s += e; t += e * x[k]; }
            float lse = max + MathF.Log(s);
            logSumExp[row] = lse;
            logp[row] = x[targets[row]] - lse;
            if (entropy is not null) entropy[row] = lse - t / s;
        });
    }

    /// <summary>Overwrites the logits with dloss/dlogits = c·(onehot(target) − softmax), c = <paramref name="coefficient"/>[row] = dloss/dlogp.</summary>
    public static void GradientInPlace(Tensor logits, long[] targets, float[] logSumExp, float[] coefficient)
    {
        int n = (int)logits.shape[0], v = (int)logits.shape[1];
        float* l = (float*)TensorData.Address(logits);
        ForEachRow(n, v, row =>
        {
            float* x = l + (long)row * v;
            float c = coefficient[row], lse = logSumExp[row];
            var vl = Vector512.Create(lse);
            var vc = Vector512.Create(-c);
            int k = 0;
            for (; k + 16 <= v; k += 16) (Vector512.Exp(Vector512.Load(x + k) - vl) * vc).Store(x + k);
            for (; k < v; k++) x[k] = MathF.Exp(x[k] - lse) * -c;
            x[targets[row]] += c;
        });
    }

    static float Max(float* x, int v)
    {
        var m = Vector512.Create(float.NegativeInfinity);
        int k = 0;
        for (; k + 16 <= v; k += 16) m = Vector512.Max(m, Vector512.Load(x + k));
        float max = m.GetElement(0);
        for (int i = 1; i < 16; i++) max = MathF.Max(max, m.GetElement(i));
        for (; k < v; k++) max = MathF.Max(max, x[k]);
        return max;
    }

    // Rows are independent: split over the cores when a chunk is large (it always is at the real vocabulary).
    static void ForEachRow(int n, int v, Action<int> run)
    {
        if ((long)n * v < GemvKernel.SerialWork || n == 1) { for (int row = 0; row < n; row++) run(row); return; }
        Parallel.For(0, n, run);
    }
}
