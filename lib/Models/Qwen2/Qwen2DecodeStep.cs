using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using R1Omni.Models.Common;
using R1Omni.Runtime;
using static TorchSharp.torch;
using static R1Omni.Models.Common.GemvKernel;

namespace R1Omni.Models.Qwen2;

/// <summary>
/// The whole Qwen2 decoder for one new token per row in managed code: embedding, per layer RMSNorm, the fused q/k/v
/// projection with biases, RoPE, the new key/value written into the preallocated cache, grouped-query attention over
/// the cache, o_proj and the residual, RMSNorm, the fused gate/up projection, SwiGLU, down_proj and the residual, then
/// the final norm and the LM head — four <see cref="GemvKernel"/> passes per layer and no libtorch call. Decoding one
/// token through libtorch costs about 1,000 small operations whose overhead exceeds reading the weights; here the
/// weights are read once per step for all rows, into buffers allocated once per generation.
/// Arithmetic follows libtorch's eager forward (<see cref="Qwen2Model.Forward"/>): activations are rounded to the model's
/// dtype where each libtorch operation would round them (fp32: nowhere), norms and softmax in fp32, products
/// accumulated in fp32; only the order of the sums differs (and the bf16 SwiGLU, which libtorch's decode path already
/// fuses the same way). RoPE's cos/sin come from <see cref="Qwen2RotaryEmbedding.Compute"/> itself, once per generation.
/// </summary>
public sealed unsafe class Qwen2DecodeStep : IDecodeStep
{
    /// <summary>Process-wide switch: false sends decoding back through libtorch (benchmarks compare the two in one run).</summary>
    public static bool Enabled { get; set; } = true;

    readonly Qwen2ForCausalLM model;   // owns the weights whose addresses the passes read
    readonly KVCache cache;
    readonly bool bf16;
    readonly int rows, hidden, heads, kvHeads, headDim, intermediate, vocab;
    readonly float eps, scale;
    readonly int? window;
    readonly Layer[] layers;
    readonly nint embed, finalNorm;
    readonly Projection[] head;
    readonly float* h, xn, qkv, att, o, gu;
    readonly float[] cos, sin;       // [capacity, headDim]
    readonly bool[] valid;           // [rows, capacity]: keys a row may attend to (not padding)
    readonly int[] realTokens;       // per row: positions that are not padding, = the next position id
    readonly Tensor logits;          // [rows, 1, vocabulary] fp32, rewritten each step
    readonly List<nint> buffers = [];

    sealed record Layer(Projection[] Qkv, Projection[] O, Projection[] GateUp, Projection[] Down, nint InputNorm, nint PostNorm, nint Keys, nint Values);

    /// <summary>The step for <paramref name="cache"/>, or null where it does not apply (not CPU, not bf16/fp32, no AVX-512, autograd on, switched off).</summary>
    public static Qwen2DecodeStep? TryCreate(Qwen2ForCausalLM model, KVCache cache, Tensor paddingMask)
    {
        if (!Enabled || !Supported || is_grad_enabled() || cache.IsDifferentiable) return null;
        if (model.Device.type != TorchSharp.DeviceType.CPU || model.Dtype is not (ScalarType.BFloat16 or ScalarType.Float32)) return null;
        if (paddingMask.shape[0] != cache.Batch || paddingMask.shape[1] != cache.Length) return null;
        if (model.parameters().Any(p => !p.is_contiguous())) return null;
        return new Qwen2DecodeStep(model, cache, paddingMask);
    }

    Qwen2DecodeStep(Qwen2ForCausalLM model, KVCache cache, Tensor paddingMask)
    {
        this.model = model;
        this.cache = cache;
        var c = model.Config;
        bf16 = model.Dtype == ScalarType.BFloat16;
        rows = (int)cache.Batch;
        (hidden, heads, kvHeads, headDim, intermediate, vocab) = (c.HiddenSize, c.NumAttentionHeads, c.NumKeyValueHeads, c.HeadDim, c.IntermediateSize, c.VocabSize);
        eps = (float)c.RmsNormEps;
        scale = (float)(1.0 / Math.Sqrt(headDim));
        window = c.SlidingWindow;
        int q = heads * headDim, kv = kvHeads * headDim;
        h = Buffer(rows * hidden);
        xn = Buffer(rows * hidden);
        qkv = Buffer(rows * (q + 2 * kv));
        att = Buffer(rows * q);
        o = Buffer(rows * hidden);
        gu = Buffer(rows * 2 * intermediate);
        logits = empty(rows, 1, vocab, dtype: ScalarType.Float32).DetachFromDisposeScope();

        var p = model.named_parameters().ToDictionary(x => x.name, x => (Tensor)x.parameter);
        nint Ptr(string name) => TensorData.Address(p[name]);
        layers = new Layer[c.NumHiddenLayers];
        for (int i = 0; i < layers.Length; i++)
        {
            string l = $"model.layers.{i}.";
            var (keys, values) = cache.Storage(i);
            layers[i] = new Layer(
                [Proj(Ptr(l + "self_attn.q_proj.weight"), Ptr(l + "self_attn.q_proj.bias"), q, qkv),
                 Proj(Ptr(l + "self_attn.k_proj.weight"), Ptr(l + "self_attn.k_proj.bias"), kv, qkv + rows * q),
                 Proj(Ptr(l + "self_attn.v_proj.weight"), Ptr(l + "self_attn.v_proj.bias"), kv, qkv + rows * (q + kv))],
                [Proj(Ptr(l + "self_attn.o_proj.weight"), 0, hidden, o)],
                [Proj(Ptr(l + "mlp.gate_proj.weight"), 0, intermediate, gu), Proj(Ptr(l + "mlp.up_proj.weight"), 0, intermediate, gu + rows * intermediate)],
                [Proj(Ptr(l + "mlp.down_proj.weight"), 0, hidden, o)],
                Ptr(l + "input_layernorm.weight"), Ptr(l + "post_attention_layernorm.weight"),
                TensorData.Address(keys), TensorData.Address(values));
        }
        embed = Ptr("model.embed_tokens.weight");
        finalNorm = Ptr("model.norm.weight");
        head = [Proj(TensorData.Address(model.HeadWeight), 0, vocab, (float*)TensorData.Address(logits))];

        long capacity = cache.Capacity, length = cache.Length;
        using (var scope = NewDisposeScope())
        {
            var positions = arange(Scalars.Of(0L), Scalars.Of(capacity), Scalars.One, dtype: ScalarType.Int64).unsqueeze(0);
            var (cosT, sinT) = model.Model.Rotary.Compute(positions, model.Dtype);
            cos = cosT.to(ScalarType.Float32).contiguous().data<float>().ToArray();
            sin = sinT.to(ScalarType.Float32).contiguous().data<float>().ToArray();
        }
        valid = new bool[rows * capacity];
        realTokens = new int[rows];
        var mask = paddingMask.to(ScalarType.Int64).cpu().contiguous().data<long>().ToArray();
        for (int r = 0; r < rows; r++)
            for (long j = 0; j < length; j++)
                if (mask[r * length + j] != 0) { valid[r * capacity + j] = true; realTokens[r]++; }
    }

    Projection Proj(nint weight, nint bias, int outFeatures, float* output) => new(weight, bias, outFeatures, bf16, (nint)output);

    float* Buffer(long floats)
    {
        var ptr = NativeMemory.AlignedAlloc((nuint)(floats * sizeof(float)), 64);
        buffers.Add((nint)ptr);
        return (float*)ptr;
    }

    public Tensor Forward(ReadOnlySpan<int> tokens)
    {
        if (tokens.Length != rows) throw new ArgumentException($"{tokens.Length} tokens for {rows} rows");
        if (bf16) Step<Bf16Weights>(tokens); else Step<Fp32Weights>(tokens);
        return logits;
    }

    void Step<W>(ReadOnlySpan<int> tokens) where W : struct, IWeights
    {
        long index = cache.Length, capacity = cache.Capacity;
        if (index >= capacity) throw new InvalidOperationException($"KV cache capacity {capacity} exceeded; allocate a larger cache");
        for (int r = 0; r < rows; r++)
        {
            if (tokens[r] < 0 || tokens[r] >= vocab) throw new ArgumentException($"token id {tokens[r]} is outside the vocabulary [0, {vocab})");
            byte* e = (byte*)embed + (long)tokens[r] * hidden * W.Size;
            for (int k = 0; k < hidden; k++) h[r * hidden + k] = W.At(e, k);
            valid[r * capacity + index] = true;
            realTokens[r]++;
        }
        int q = heads * headDim, kv = kvHeads * headDim;
        foreach (var layer in layers)
        {
            RmsNorm<W>(h, layer.InputNorm, xn);
            GemvKernel.Run(layer.Qkv, xn, hidden, rows);
            float* qs = qkv, ks = qkv + rows * q, vs = qkv + rows * (q + kv);
            RoundInPlace<W>(qs, rows * q);
            RoundInPlace<W>(ks, rows * kv);
            RoundInPlace<W>(vs, rows * kv);
            for (int r = 0; r < rows; r++)
            {
                int pos = realTokens[r] - 1;
                for (int i = 0; i < heads; i++) Rope<W>(qs + r * q + i * headDim, pos);
                for (int i = 0; i < kvHeads; i++)
                {
                    Rope<W>(ks + r * kv + i * headDim, pos);
                    long at = (((long)r * kvHeads + i) * capacity + index) * headDim;
                    Write<W>(layer.Keys, at, ks + r * kv + i * headDim);
                    Write<W>(layer.Values, at, vs + r * kv + i * headDim);
                }
            }
            Attention<W>(layer, index, capacity);
            GemvKernel.Run(layer.O, att, q, rows);
            Residual<W>(h, o, rows * hidden);
            RmsNorm<W>(h, layer.PostNorm, xn);
            GemvKernel.Run(layer.GateUp, xn, hidden, rows);
            float* g = gu, u = gu + rows * intermediate;
            SwiGlu<W>(g, u, (long)rows * intermediate);
            GemvKernel.Run(layer.Down, g, intermediate, rows);
            Residual<W>(h, o, rows * hidden);
        }
        RmsNorm<W>(h, finalNorm, xn);
        GemvKernel.Run(head, xn, hidden, rows);
        cache.Extend(1);
    }

    // silu(gate) ⊙ up in place of gate, each a dtype operation as in Qwen2MLP's libtorch form.
    static void SwiGlu<W>(float* g, float* u, long n) where W : struct, IWeights
    {
        long k = 0;
        for (; k + 16 <= n; k += 16)
        {
            var gk = RoundVector<W>(Vector512.Load(g + k));
            var silu = RoundVector<W>(gk / (Vector512<float>.One + Vector512.Exp(-gk)));
            RoundVector<W>(silu * RoundVector<W>(Vector512.Load(u + k))).Store(g + k);
        }
        for (; k < n; k++)
        {
            float gk = Round<W>(g[k]);
            g[k] = Round<W>(Round<W>(gk / (1f + MathF.Exp(-gk))) * Round<W>(u[k]));
        }
    }

    // HF Qwen2RMSNorm: fp32 normalisation, cast to the dtype, times the weight (a dtype product).
    void RmsNorm<W>(float* x, nint weight, float* y) where W : struct, IWeights
    {
        for (int r = 0; r < rows; r++)
        {
            float* xr = x + r * hidden, yr = y + r * hidden;
            float sum = 0;
            for (int i = 0; i < hidden; i++) sum += xr[i] * xr[i];
            float inv = 1f / MathF.Sqrt(sum / hidden + eps);
            var vinv = Vector512.Create(inv);
            int k = 0;
            for (; k + 16 <= hidden; k += 16)
                RoundVector<W>(W.Load16((byte*)weight, k) * RoundVector<W>(Vector512.Load(xr + k) * vinv)).Store(yr + k);
            for (; k < hidden; k++) yr[k] = Round<W>(W.At((byte*)weight, k) * Round<W>(xr[k] * inv));
        }
    }

    // A linear's output (bias added by the kernel in fp32) rounded once to the dtype, as libtorch's linear rounds it.
    static void RoundInPlace<W>(float* x, long n) where W : struct, IWeights
    {
        if (W.Size == 4) return;
        long k = 0;
        for (; k + 16 <= n; k += 16) RoundVector<W>(Vector512.Load(x + k)).Store(x + k);
        for (; k < n; k++) x[k] = Round<W>(x[k]);
    }

    static void Residual<W>(float* x, float* add, long n) where W : struct, IWeights
    {
        long k = 0;
        for (; k + 16 <= n; k += 16) RoundVector<W>(Vector512.Load(x + k) + RoundVector<W>(Vector512.Load(add + k))).Store(x + k);
        for (; k < n; k++) x[k] = Round<W>(x[k] + Round<W>(add[k]));
    }

    // x·cos + rotate_half(x)·sin (Qwen2RotaryEmbedding.Apply), each product and the sum a dtype operation.
    void Rope<W>(float* x, int pos) where W : struct, IWeights
    {
        int half = headDim / 2;
        fixed (float* cp = &cos[pos * headDim], sp = &sin[pos * headDim])
        {
            if (half % 16 == 0)
            {
                // Both halves 16 lanes at a time: the same products and sums, rotate_half(x) = (−x₂, x₁).
                for (int k = 0; k < half; k += 16)
                {
                    var lo = Vector512.Load(x + k);
                    var hi = Vector512.Load(x + k + half);
                    var newLo = RoundVector<W>(RoundVector<W>(lo * Vector512.Load(cp + k)) + RoundVector<W>(-hi * Vector512.Load(sp + k)));
                    var newHi = RoundVector<W>(RoundVector<W>(hi * Vector512.Load(cp + k + half)) + RoundVector<W>(lo * Vector512.Load(sp + k + half)));
                    newLo.Store(x + k);
                    newHi.Store(x + k + half);
                }
                return;
            }
            Span<float> rotated = stackalloc float[headDim];
            for (int k = 0; k < half; k++) { rotated[k] = -x[k + half]; rotated[k + half] = x[k]; }
            for (int k = 0; k < headDim; k++) x[k] = Round<W>(Round<W>(x[k] * cp[k]) + Round<W>(rotated[k] * sp[k]));
        }
    }

    // A key or value (already a dtype value) into the cache tensor at element `at`.
    void Write<W>(nint storage, long at, float* values) where W : struct, IWeights
    {
        if (W.Size == 4) { new ReadOnlySpan<float>(values, headDim).CopyTo(new Span<float>((float*)storage + at, headDim)); return; }
        ushort* dst = (ushort*)storage + at;
        for (int d = 0; d < headDim; d++) dst[d] = Bf16Gemv.ToBf16(values[d]);
    }

    void Attention<W>(Layer layer, long index, long capacity) where W : struct, IWeights
    {
        ThreadRanges.Run(rows * kvHeads, (long)rows * heads * (index + 1) * headDim * 2, (t0, t1) =>
        {
            for (int t = t0; t < t1; t++) AttendGroup<W>(layer, t, index, capacity);
        });
    }

    // The query heads of one key/value head of one row over keys 0 … index: causal, not padding, within the sliding
    // window (AttentionMasks.Causal). The group's heads are scored together, so each block of keys is read once for all.
    void AttendGroup<W>(Layer layer, int task, long index, long capacity) where W : struct, IWeights
    {
        int r = task / kvHeads, kvh = task % kvHeads, group = heads / kvHeads;
        float* q0 = qkv + (long)r * heads * headDim + (long)kvh * group * headDim;
        float* out0 = att + (long)r * heads * headDim + (long)kvh * group * headDim;
        long rowBytes = (long)headDim * W.Size;
        byte* keys = (byte*)layer.Keys + ((long)r * kvHeads + kvh) * capacity * rowBytes;
        byte* values = (byte*)layer.Values + ((long)r * kvHeads + kvh) * capacity * rowBytes;
        long first = window is int w ? Math.Max(0, index - w + 1) : 0;
        int n = (int)(index + 1 - first);
        float[] rented = System.Buffers.ArrayPool<float>.Shared.Rent(group * n);
        try
        {
            fixed (float* scores = rented)
            fixed (bool* rowValid = valid)
            {
                bool* ok = rowValid + r * capacity + first;
                byte* k0 = keys + first * rowBytes;
                // Sixteen keys at a time for every head of the group where the head size allows, then four.
                int j = 0;
                if (headDim % 16 == 0)
                {
                    var scaleV = Vector512.Create(scale);
                    var masked = Vector512.Create(float.NegativeInfinity);
                    for (; j + 16 <= n; j += 16)
                    {
                        var padding = Vector512.Equals(Avx512F.ConvertToVector512Int32(Vector128.Load((byte*)ok + j)), Vector512<int>.Zero).AsSingle();
                        for (int g = 0; g < group; g++)
                            Vector512.ConditionalSelect(padding, masked, Dot16<W>(q0 + g * headDim, k0 + j * rowBytes, rowBytes) * scaleV)
                                .Store(scores + (long)g * n + j);
                    }
                }
                for (; j + 4 <= n; j += 4)
                    for (int g = 0; g < group; g++)
                    {
                        Dot4<W>(q0 + g * headDim, k0 + j * rowBytes, rowBytes, out float s0, out float s1, out float s2, out float s3);
                        float* p = scores + (long)g * n;
                        p[j] = ok[j] ? s0 * scale : float.NegativeInfinity;
                        p[j + 1] = ok[j + 1] ? s1 * scale : float.NegativeInfinity;
                        p[j + 2] = ok[j + 2] ? s2 * scale : float.NegativeInfinity;
                        p[j + 3] = ok[j + 3] ? s3 * scale : float.NegativeInfinity;
                    }
                for (; j < n; j++)
                    for (int g = 0; g < group; g++)
                    {
                        Dot4<W>(q0 + g * headDim, k0 + j * rowBytes, 0, out float s, out _, out _, out _); // the last keys one at a time
                        scores[(long)g * n + j] = ok[j] ? s * scale : float.NegativeInfinity;
                    }
                // softmax: the exponentials in place, each head's sum in key order (four heads' sums side by side), the
                // division; then the values.
                for (int g = 0; g < group; g++) Exponentials(scores + (long)g * n, n);
                Span<float> sums = stackalloc float[group];
                int h = 0;
                for (; h + 4 <= group; h += 4)
                {
                    float* p0 = scores + (long)h * n, p1 = p0 + n, p2 = p1 + n, p3 = p2 + n;
                    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                    for (j = 0; j < n; j++) { s0 += p0[j]; s1 += p1[j]; s2 += p2[j]; s3 += p3[j]; }
                    (sums[h], sums[h + 1], sums[h + 2], sums[h + 3]) = (s0, s1, s2, s3);
                }
                for (; h < group; h++)
                {
                    float* p = scores + (long)h * n;
                    float sum = 0;
                    for (j = 0; j < n; j++) sum += p[j];
                    sums[h] = sum;
                }
                for (int g = 0; g < group; g++)
                {
                    float* p = scores + (long)g * n;
                    Divide(p, n, sums[g]);
                    AttendValues<W>(p, n, values + first * rowBytes, rowBytes, out0 + g * headDim);
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(rented);
        }
    }

    // e^(p − max p) over p [n] in place (masked keys are −∞ and become 0), 16 at a time through Expf, each that of
    // MathF.Exp: with the sums in key order and the division, the probabilities of the one-at-a-time softmax.
    static void Exponentials(float* p, int n)
    {
        int j = 0;
        var vmax = Vector512.Create(float.NegativeInfinity);
        for (; j + 16 <= n; j += 16) vmax = Vector512.Max(vmax, Vector512.Load(p + j));
        float max = float.NegativeInfinity;
        for (int i = 0; i < 16; i++) if (vmax.GetElement(i) > max) max = vmax.GetElement(i);
        for (; j < n; j++) if (p[j] > max) max = p[j];
        var vm = Vector512.Create(max);
        for (j = 0; j + 16 <= n; j += 16) Expf.Exp(Vector512.Load(p + j) - vm).Store(p + j);
        for (; j < n; j++) p[j] = p[j] == float.NegativeInfinity ? 0 : MathF.Exp(p[j] - max);
    }

    static void Divide(float* p, int n, float sum)
    {
        int j = 0;
        var vs = Vector512.Create(sum);
        for (; j + 16 <= n; j += 16) (Vector512.Load(p + j) / vs).Store(p + j);
        for (; j < n; j++) p[j] /= sum;
    }

    // Σ_j p_j·v_j one block of 16 dimensions at a time, kept in registers: every lane adds the keys in order; then
    // rounded to the dtype.
    void AttendValues<W>(float* p, int n, byte* v0, long rowBytes, float* outv) where W : struct, IWeights
    {
        int vectors = headDim / 16 * 16, d = 0, j;
        for (; d + 64 <= vectors; d += 64)
        {
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (j = 0; j < n; j++)
            {
                if (p[j] == 0) continue;
                var pv = Vector512.Create(p[j]);
                byte* vr = v0 + j * rowBytes;
                a0 += pv * W.Load16(vr, d); a1 += pv * W.Load16(vr, d + 16);
                a2 += pv * W.Load16(vr, d + 32); a3 += pv * W.Load16(vr, d + 48);
            }
            a0.Store(outv + d); a1.Store(outv + d + 16); a2.Store(outv + d + 32); a3.Store(outv + d + 48);
        }
        for (; d < vectors; d += 16)
        {
            var a = Vector512<float>.Zero;
            for (j = 0; j < n; j++) if (p[j] != 0) a += Vector512.Create(p[j]) * W.Load16(v0 + j * rowBytes, d);
            a.Store(outv + d);
        }
        for (; d < headDim; d++)
        {
            float a = 0;
            for (j = 0; j < n; j++) if (p[j] != 0) a += p[j] * W.At(v0 + j * rowBytes, d);
            outv[d] = a;
        }
        for (d = 0; d < headDim; d++) outv[d] = Round<W>(outv[d]);
    }

    /// <summary>
    /// q·k for sixteen keys `step` bytes apart (the head size a multiple of 16), each as <see cref="Dot4{W}"/> computes
    /// it — 16-lane blocks, product then sum, then the lanes summed as Vector512.Sum sums them — with the sixteen lane
    /// sums done together (<see cref="LaneSums"/>), so each is bit for bit Dot4's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    Vector512<float> Dot16<W>(float* q, byte* k, long step) where W : struct, IWeights
    {
        Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        Vector512<float> a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        for (int d = 0; d < headDim; d += 16)
        {
            var qd = Vector512.Load(q + d);
            byte* kd = k;
            a0 += qd * W.Load16(kd, d); a1 += qd * W.Load16(kd + step, d); a2 += qd * W.Load16(kd + 2 * step, d); a3 += qd * W.Load16(kd + 3 * step, d);
            kd += 4 * step;
            a4 += qd * W.Load16(kd, d); a5 += qd * W.Load16(kd + step, d); a6 += qd * W.Load16(kd + 2 * step, d); a7 += qd * W.Load16(kd + 3 * step, d);
            kd += 4 * step;
            a8 += qd * W.Load16(kd, d); a9 += qd * W.Load16(kd + step, d); a10 += qd * W.Load16(kd + 2 * step, d); a11 += qd * W.Load16(kd + 3 * step, d);
            kd += 4 * step;
            a12 += qd * W.Load16(kd, d); a13 += qd * W.Load16(kd + step, d); a14 += qd * W.Load16(kd + 2 * step, d); a15 += qd * W.Load16(kd + 3 * step, d);
        }
        return LaneSums.Of(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15);
    }

    /// <summary>
    /// q·k for four keys `step` bytes apart: 16-lane blocks (product, then sum, as separate roundings), the lanes summed
    /// by Vector512.Sum, then the tail; four independent chains.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void Dot4<W>(float* q, byte* k, long step, out float s0, out float s1, out float s2, out float s3) where W : struct, IWeights
    {
        int d = 0;
        s0 = s1 = s2 = s3 = 0;
        if (headDim >= 16)
        {
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; d + 16 <= headDim; d += 16)
            {
                var qd = Vector512.Load(q + d);
                a0 += qd * W.Load16(k, d); a1 += qd * W.Load16(k + step, d);
                a2 += qd * W.Load16(k + 2 * step, d); a3 += qd * W.Load16(k + 3 * step, d);
            }
            s0 = Vector512.Sum(a0); s1 = Vector512.Sum(a1); s2 = Vector512.Sum(a2); s3 = Vector512.Sum(a3);
        }
        for (; d < headDim; d++)
        {
            float qd = q[d];
            s0 += qd * W.At(k, d); s1 += qd * W.At(k + step, d); s2 += qd * W.At(k + 2 * step, d); s3 += qd * W.At(k + 3 * step, d);
        }
    }

    /// <summary>fp32 → the model's dtype → fp32 (round to nearest even for bf16; nothing for fp32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Round<W>(float x) where W : struct, IWeights =>
        W.Size == 4 ? x : BitConverter.Int32BitsToSingle(Bf16Gemv.ToBf16(x) << 16);

    /// <summary><see cref="Round{W}"/> of 16 lanes, bit for bit: bf16's round to nearest even on the bit patterns, NaN a quiet NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> RoundVector<W>(Vector512<float> x) where W : struct, IWeights
    {
        if (W.Size == 4) return x;
        var bits = x.AsUInt32();
        var rounded = (bits + Vector512.Create(0x7FFFu) + ((bits >> 16) & Vector512<uint>.One)) & Vector512.Create(0xFFFF0000u);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x).AsUInt32(), rounded, Vector512.Create(0x7FC00000u)).AsSingle();
    }

    public void Dispose()
    {
        logits.Dispose();
        foreach (var b in buffers) NativeMemory.AlignedFree((void*)b);
        buffers.Clear();
    }
}
