using System.Text.Json;
using R1Omni.Config;
using R1Omni.Generation;
using R1Omni.Models.Common;
using R1Omni.Models.Qwen2;
using static TorchSharp.torch;

namespace R1Omni.Tests.Models;

// Switches Fp32Gemm.Enabled, a process-wide setting.
[Collection(nameof(ProcessWideSettings))]
public class Fp32GemmTests
{
    const int Vocabulary = 151936;

    static Tensor Uniform(Random random, long rows, long cols, float scale)
    {
        var data = new float[rows * cols];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        return tensor(data, [rows, cols]);
    }

    /// <summary>
    /// Each product sums every output in the order its documentation states, checked bit for bit against scalar fused
    /// multiply-adds: rows that fill no whole 16-row block or 4-row tile, a vocabulary that ends inside a 192-entry block.
    /// </summary>
    [Theory]
    [InlineData(64, 1)]
    [InlineData(64, 17)]
    [InlineData(128, 5)]
    [InlineData(128, 22)]
    public void EachProductSumsInTheStatedOrder(int k, int n)
    {
        if (!GemvKernel.Supported) return;
        const int v = 2 * 192 + 48;
        var random = new Random(k * 100 + n);
        var x = Uniform(random, n, k, 1f);
        var w = Uniform(random, v, k, 0.05f);
        var g = Uniform(random, n, v, 1e-3f);
        var c = Uniform(random, v, k, 0.01f);
        float[] xs = x.data<float>().ToArray(), ws = w.data<float>().ToArray(), gs = g.data<float>().ToArray(), cs = c.data<float>().ToArray();

        var logits = Fp32Gemm.Linear(x, w).data<float>().ToArray();
        var hiddenGrad = Fp32Gemm.MatMul(g, w).data<float>().ToArray();
        var weightGrad = c.clone();
        Fp32Gemm.AddTransposedMatMul(weightGrad, g, x);
        var weightGrads = weightGrad.data<float>().ToArray();

        for (int r = 0; r < n; r++)
            for (int j = 0; j < v; j++)
            {
                float acc = 0;
                for (int i = 0; i < k; i++) acc = MathF.FusedMultiplyAdd(xs[r * k + i], ws[j * k + i], acc);
                Assert.Equal(BitConverter.SingleToInt32Bits(acc), BitConverter.SingleToInt32Bits(logits[r * v + j]));
            }
        for (int r = 0; r < n; r++)
            for (int i = 0; i < k; i++)
            {
                float sum = 0;
                for (int b = 0; b < v; b += 192)
                {
                    float acc = 0;
                    for (int j = b; j < Math.Min(v, b + 192); j++) acc = MathF.FusedMultiplyAdd(gs[r * v + j], ws[j * k + i], acc);
                    sum = b == 0 ? acc : sum + acc;
                }
                Assert.Equal(BitConverter.SingleToInt32Bits(sum), BitConverter.SingleToInt32Bits(hiddenGrad[r * k + i]));
            }
        for (int j = 0; j < v; j++)
            for (int i = 0; i < k; i++)
            {
                float acc = 0;
                for (int r = 0; r < n; r++) acc = MathF.FusedMultiplyAdd(gs[r * v + j], xs[r * k + i], acc);
                Assert.Equal(BitConverter.SingleToInt32Bits(cs[j * k + i] + acc), BitConverter.SingleToInt32Bits(weightGrads[j * k + i]));
            }
    }

    /// <summary>At the head's shapes the products are libtorch's bit for bit where they run here; where this CPU's
    /// libtorch sums in another order they stand aside.</summary>
    [Theory]
    [InlineData(64, 12)]
    [InlineData(64, 41)]
    [InlineData(128, 13)]
    public void AtTheHeadsShapesTheProductsAreLibtorchsBits(int k, int n)
    {
        using var _ = no_grad();
        var random = new Random(7 * k + n);
        var x = Uniform(random, n, k, 1f);
        var w = Uniform(random, Vocabulary, k, 0.05f);
        var g = Uniform(random, n, Vocabulary, 1e-3f);
        var c = Uniform(random, Vocabulary, k, 0.01f);
        var agreement = GemvKernel.Supported ? Fp32Gemm.AgreementFor(w) : default;

        var logits = Fp32Gemm.TryLinear(x.unsqueeze(0), w);
        if (agreement.Linear) Assert.Equal(nn.functional.linear(x, w).bytes.ToArray(), logits!.squeeze(0).contiguous().bytes.ToArray());
        else Assert.Null(logits);

        var hiddenGrad = Fp32Gemm.TryMatMul(g, w);
        if (agreement.MatMul) Assert.Equal(g.mm(w).bytes.ToArray(), hiddenGrad!.bytes.ToArray());
        else Assert.Null(hiddenGrad);

        var ours = c.clone();
        Assert.Equal(agreement.AddTransposedMatMul, Fp32Gemm.TryAddTransposedMatMul(ours, g, x));
        Assert.Equal(agreement.AddTransposedMatMul ? c.clone().addmm_(g.t(), x).bytes.ToArray() : c.bytes.ToArray(), ours.bytes.ToArray());
    }

    [Fact]
    public void TheProductsStandAsideWhereTheirOrderIsNotLibtorchsOrTheyDoNotPay()
    {
        var random = new Random(3);
        var w = Uniform(random, Vocabulary, 64, 0.05f);
        using (no_grad())
        {
            Assert.Null(Fp32Gemm.TryLinear(Uniform(random, Fp32Gemm.MinRows - 1, 64, 1f), w));        // a matrix-vector path in libtorch
            Assert.Null(Fp32Gemm.TryLinear(Uniform(random, Fp32Gemm.MaxRows + 1, 64, 1f), w));
            Assert.Null(Fp32Gemm.TryLinear(Uniform(random, 16, 64, 1f), Uniform(random, 4096, 64, 0.05f)));   // a small head
            Assert.Null(Fp32Gemm.TryLinear(Uniform(random, 16, 96, 1f), Uniform(random, Vocabulary, 96, 0.05f)));
            Assert.Null(Fp32Gemm.TryLinear(Uniform(random, 16, 64, 1f).to(ScalarType.BFloat16), w.to(ScalarType.BFloat16)));
            Assert.Null(Fp32Gemm.TryMatMul(Uniform(random, Fp32Gemm.MinRows - 1, Vocabulary, 1e-3f), w));
            Fp32Gemm.Enabled = false;
            try { Assert.Null(Fp32Gemm.TryLinear(Uniform(random, 16, 64, 1f), w)); }
            finally { Fp32Gemm.Enabled = true; }
        }
        using var leaf = Uniform(random, 16, 64, 1f).requires_grad_(true);
        Assert.Null(Fp32Gemm.TryLinear(leaf, w));                                                      // autograd needs libtorch's graph
        var error = Assert.Throws<ArgumentException>(() => Fp32Gemm.Linear(Uniform(random, 4, 32, 1f), Uniform(random, 64, 32, 0.05f)));
        Assert.Contains("[4, 32]", error.Message);
    }

    /// <summary>The log-prob passes at the tiny preset's head (hidden 64, Qwen2's vocabulary) give the same bits with the
    /// products here as with libtorch's: log-probs, and every parameter's gradient of a loss that weighs them.</summary>
    [Fact]
    public void LogProbPassesGiveTheSameBitsWithAndWithoutTheProducts()
    {
        var config = Qwen2Config.FromJson(JsonDocument.Parse(TinyQwen2.ConfigJson(vocab: Vocabulary, hidden: 64)).RootElement, "tiny config, Qwen2's vocabulary");
        using var model = new Qwen2ForCausalLM(config, ScalarType.Float32);
        model.InitWeights(17, std: 0.2);
        var random = new Random(5);
        long[,] completions = new long[3, 12];
        for (int r = 0; r < 3; r++) for (int j = 0; j < 12; j++) completions[r, j] = random.Next(Vocabulary);
        var ids = tensor(completions);
        var mask = ones(3, 12);
        mask[0, 11].fill_(0);
        var weights = Uniform(random, 3, 12, 1f);
        var parameters = model.named_parameters().ToList();

        (byte[] LogProbs, Dictionary<string, byte[]> Grads) Run(bool kernel)
        {
            Fp32Gemm.Enabled = kernel;
            try
            {
                foreach (var (_, p) in parameters) p.grad = null;
                using var scope = NewDisposeScope();
                var prompt = model.Embed(tensor(new long[] { 3, 14, 15, 92, 65 }).unsqueeze(0));
                byte[] logp;
                using (no_grad())
                {
                    var hidden = CompletionLogProbs.Hidden(model, prompt, null, ids, [0, 0, 0]);
                    logp = CompletionLogProbs.Head(model, hidden, ids, mask, withEntropy: false).LogProbs.contiguous().bytes.ToArray();
                }
                var withGrad = CompletionLogProbs.Hidden(model, prompt, null, ids, [0, 0, 0]);
                CompletionLogProbs.Backward(model, withGrad, ids, mask, (lp, idx, _) => (lp.exp() * weights.flatten().index_select(0, idx)).sum(), chunk: 13);
                return (logp, parameters.Where(p => p.parameter.grad is not null).ToDictionary(p => p.name, p => p.parameter.grad!.contiguous().bytes.ToArray()));
            }
            finally { Fp32Gemm.Enabled = true; }
        }

        var libtorch = Run(kernel: false);
        var ours = Run(kernel: true);
        Assert.Equal(libtorch.LogProbs, ours.LogProbs);
        Assert.Equal(libtorch.Grads.Keys.Order(), ours.Grads.Keys.Order());
        var differing = libtorch.Grads.Where(p => !p.Value.SequenceEqual(ours.Grads[p.Key])).Select(p => Difference(p.Key, p.Value, ours.Grads[p.Key])).ToList();
        Assert.True(differing.Count == 0, string.Join("\n", differing));
        Assert.Contains(libtorch.Grads["model.embed_tokens.weight"], b => b != 0);
    }

    static string Difference(string name, byte[] expected, byte[] actual)
    {
        var a = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(expected);
        var b = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(actual);
        int count = 0, first = -1;
        for (int i = 0; i < a.Length; i++)
            if (BitConverter.SingleToInt32Bits(a[i]) != BitConverter.SingleToInt32Bits(b[i])) { count++; if (first < 0) first = i; }
        return $"gradient of {name}: {count} of {a.Length} values differ, first [{first}]: {a[first]:G9} (libtorch) against {b[first]:G9}";
    }
}
