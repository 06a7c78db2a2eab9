// Unmasked bf16 self-attention of one (batch, head) for the towers' bf16 path (lib/Models/Common/Bf16Attention.cs),
// head size 64, with AVX-512 BF16 dot products (vdpbf16ps) for both products: S = scale·q·kᵀ in fp32, a softmax over
// each whole row in fp32 (max, exponentials, their sum), the exponentials rounded to bf16 for P·v (as PyTorch's CPU
// flash attention rounds its probabilities), the sum divided out in fp32 and the result rounded to bf16. Rows are
// taken 16 queries at a time, so a block's scores (16 × T fp32) stay in L2 and the softmax needs no rescaling.
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#define KERNEL __attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))
#define INLINE KERNEL static inline __attribute__((always_inline))

#define D 64          // head size
#define PAIRS 32      // bf16 pairs per head row
#define QB 16         // queries per block
#define KT 64         // keys per tile of the score product

static int64_t padded(int64_t t) { return (t + KT - 1) / KT * KT; }

// Bytes of scratch one call needs for T keys: packed keys and values, a block's scores and probabilities.
int64_t r1omni_bf16_attention_scratch(int64_t t)
{
    int64_t tp = padded(t);
    return PAIRS * tp * 4 + tp / 2 * D * 4 + QB * tp * 4 + QB * tp * 2 + 64;
}

// e^x for x ≤ 0 in fp32: 2^n·p(r), n = round(x·log2 e), r = x − n·ln 2 in two parts, p of degree 6 (relative error
// about 2e-7 on the range), x clamped at −87 (e^−87 ≈ 1.6e-38 against a row sum ≥ 1).
INLINE __m512 exp_nonpositive(__m512 x)
{
    x = _mm512_max_ps(x, _mm512_set1_ps(-87.0f));
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693145751953125f), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(1.428606765330187045e-06f), r);
    __m512 p = _mm512_set1_ps(1.0f / 720);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 120));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 24));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 6));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(p, n);
}

// acc[a][c] += Σ of the bf16 pairs of w[16c … 16c + 15] (64 aligned words) times the pair s[a][i], for four rows a.
INLINE void dot4x4(__m512 acc[4][4], const uint32_t* w, const uint32_t* const s[4], int64_t i)
{
    __m512bh w0 = (__m512bh)_mm512_load_si512(w), w1 = (__m512bh)_mm512_load_si512(w + 16);
    __m512bh w2 = (__m512bh)_mm512_load_si512(w + 32), w3 = (__m512bh)_mm512_load_si512(w + 48);
    for (int a = 0; a < 4; a++)
    {
        __m512bh x = (__m512bh)_mm512_set1_epi32((int)s[a][i]);
        acc[a][0] = _mm512_dpbf16_ps(acc[a][0], w0, x);
        acc[a][1] = _mm512_dpbf16_ps(acc[a][1], w1, x);
        acc[a][2] = _mm512_dpbf16_ps(acc[a][2], w2, x);
        acc[a][3] = _mm512_dpbf16_ps(acc[a][3], w3, x);
    }
}

// q, k, v: row t of the head at base + t·ld (64 contiguous bf16); out: row l at out + l·ldo.
KERNEL void r1omni_bf16_attention(const uint16_t* q, const uint16_t* k, const uint16_t* v, int64_t ld, int64_t L, int64_t T,
                                  float scale, uint16_t* out, int64_t ldo, void* scratch)
{
    const int64_t tp = padded(T);
    uint8_t* base = (uint8_t*)(((uintptr_t)scratch + 63) & ~(uintptr_t)63);
    uint32_t* kp = (uint32_t*)base;                       // [PAIRS][tp]: pair i of key t
    uint32_t* vp = kp + PAIRS * tp;                        // [tp/2][D]: (v[2s, j], v[2s+1, j])
    float* s = (float*)(vp + tp / 2 * D);                  // [QB][tp]
    uint16_t* p = (uint16_t*)(s + QB * tp);                // [QB][tp] bf16

    // Pack the keys pair-major and the values key-pair-interleaved; keys past T are zero.
    for (int64_t t = 0; t < tp; t++)
    {
        const uint32_t* kr = (const uint32_t*)(k + t * ld);
        for (int i = 0; i < PAIRS; i++) kp[i * tp + t] = t < T ? kr[i] : 0;
    }
    for (int64_t t2 = 0; t2 < tp / 2; t2++)
    {
        const uint16_t* v0 = v + 2 * t2 * ld;
        const uint16_t* v1 = v0 + ld;
        int has0 = 2 * t2 < T, has1 = 2 * t2 + 1 < T;
        for (int j = 0; j < D; j++)
            vp[t2 * D + j] = (uint32_t)(has0 ? v0[j] : 0) | (uint32_t)(has1 ? v1[j] : 0) << 16;
    }

    for (int64_t l0 = 0; l0 < L; l0 += QB)
    {
        const int rows = (int)(L - l0 < QB ? L - l0 : QB);
        // Scores: four queries × 64 keys per tile; queries past the block's rows repeat its last row and are not used.
        for (int64_t t0 = 0; t0 < tp; t0 += KT)
            for (int r0 = 0; r0 < QB; r0 += 4)
            {
                const uint32_t* qr[4];
                for (int a = 0; a < 4; a++) { int r = r0 + a < rows ? r0 + a : rows - 1; qr[a] = (const uint32_t*)(q + (l0 + r) * ld); }
                __m512 acc[4][4];
                for (int a = 0; a < 4; a++) for (int c = 0; c < 4; c++) acc[a][c] = _mm512_setzero_ps();
                for (int i = 0; i < PAIRS; i++) dot4x4(acc, kp + i * tp + t0, qr, i);
                const __m512 sc = _mm512_set1_ps(scale);
                for (int a = 0; a < 4; a++)
                    for (int c = 0; c < 4; c++) _mm512_store_ps(s + (r0 + a) * tp + t0 + 16 * c, _mm512_mul_ps(acc[a][c], sc));
            }

        // Softmax of each row over the T real keys: the exponentials as bf16 into p, their fp32 sum kept.
        float sums[QB];
        for (int r = 0; r < rows; r++)
        {
            float* sr = s + r * tp;
            for (int64_t t = T; t < tp; t++) sr[t] = -__builtin_inff();
            __m512 m = _mm512_set1_ps(-__builtin_inff());
            for (int64_t t = 0; t < tp; t += 16) m = _mm512_max_ps(m, _mm512_load_ps(sr + t));
            const __m512 mv = _mm512_set1_ps(_mm512_reduce_max_ps(m));
            __m512 sum = _mm512_setzero_ps();
            for (int64_t t = 0; t < tp; t += 16)
            {
                __m512 e = exp_nonpositive(_mm512_sub_ps(_mm512_load_ps(sr + t), mv));
                e = _mm512_mask_blend_ps(t + 16 <= T ? 0xFFFF : (__mmask16)((t < T ? (1u << (T - t)) : 1u) - 1), _mm512_setzero_ps(), e);
                sum = _mm512_add_ps(sum, e);
                _mm256_store_si256((__m256i*)(p + r * tp + t), (__m256i)_mm512_cvtneps_pbh(e));
            }
            sums[r] = _mm512_reduce_add_ps(sum);
        }

        // Output: four queries × 64 values per tile, over the key pairs.
        for (int r0 = 0; r0 < rows; r0 += 4)
        {
            const uint32_t* pr[4];
            for (int a = 0; a < 4; a++) pr[a] = (const uint32_t*)(p + (r0 + a < rows ? r0 + a : r0) * tp);
            __m512 acc[4][4];
            for (int a = 0; a < 4; a++) for (int c = 0; c < 4; c++) acc[a][c] = _mm512_setzero_ps();
            for (int64_t t2 = 0; t2 < tp / 2; t2++) dot4x4(acc, vp + t2 * D, pr, t2);
            for (int a = 0; a < 4 && r0 + a < rows; a++)
            {
                const __m512 inv = _mm512_set1_ps(1.0f / sums[r0 + a]);
                uint16_t* o = out + (l0 + r0 + a) * ldo;
                for (int c = 0; c < 4; c++)
                    _mm256_storeu_si256((__m256i*)(o + 16 * c), (__m256i)_mm512_cvtneps_pbh(_mm512_mul_ps(acc[a][c], inv)));
            }
        }
    }
}
