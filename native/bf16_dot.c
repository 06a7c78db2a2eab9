// The bf16 passes of GemvKernel (lib/Models/Common/GemvKernel.cs) with AVX-512 BF16 dot products (vdpbf16ps: 32
// bf16 products summed pairwise into 16 fp32 lanes per instruction). .NET 10 has no intrinsic for the instruction,
// so this file is built beside the library by gcc (R1Omni.Lib.csproj) and called through Bf16DotKernel.cs.
//
// Every activation row is summed in the same order whatever the number of rows in the call: two accumulators (even
// and odd 32-column blocks), a last 32-column block into the first, a masked tail into the second, then the lanes of
// their sum by the fixed tree of _mm512_reduce_add_ps. So a row's result does not depend on the batch it is in.
// Only the kernel functions are compiled for AVX-512 BF16; the feature check runs on any x86-64 CPU.
#include <immintrin.h>
#include <stdint.h>

#define KERNEL __attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))
#define INLINE KERNEL static inline __attribute__((always_inline))

// Activation rows per pass over a weight row (as GemvKernel.BlockRows).
#define BLOCK_ROWS 8
// Inputs wider than this (eight bf16 rows over 16 KB, half of L1) take the two-weight-row pass, PAIR_ROWS rows at a time.
#define WIDE_INPUT 1024
#define PAIR_ROWS 4
// Bytes ahead of the weights being read asked for in L2 (as GemvKernel.PrefetchAhead).
#define PREFETCH_AHEAD 8192
// Bytes of weight rows per tile: a tile stays in L1 while each block of activation rows passes over it.
#define TILE_BYTES 16384

// 1 when the CPU has AVX-512 F, BW, VL and BF16.
int r1omni_bf16_dot_supported(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512bf16");
}

// fp32 → bf16, rounding to nearest even (vcvtneps2bf16); exact for values that are already bf16.
KERNEL void r1omni_to_bf16(const float* x, uint16_t* y, int64_t n)
{
    int64_t k = 0;
    for (; k + 16 <= n; k += 16)
        _mm256_storeu_si256((__m256i*)(y + k), (__m256i)_mm512_cvtneps_pbh(_mm512_loadu_ps(x + k)));
    if (k < n)
    {
        __mmask16 tail = (__mmask16)((1u << (n - k)) - 1);
        __m256i v = (__m256i)_mm512_cvtneps_pbh(_mm512_maskz_loadu_ps(tail, x + k));
        _mm256_mask_storeu_epi16(y + k, tail, v);
    }
}

// Weight rows r0 … r1 − 1 of w [*, n] against M activation rows x [M, n] into y [M, out] (row i at y + i·out).
INLINE void block(const uint16_t* weights, int64_t n, const uint16_t* x, float* y, int64_t out, const int m, int64_t r0, int64_t r1)
{
    const int64_t rest = n % 32;
    const __mmask32 tail = rest ? (__mmask32)((1ull << rest) - 1) : 0;
    for (int64_t r = r0; r < r1; r++)
    {
        const uint16_t* w = weights + r * n;
        __m512 a[BLOCK_ROWS], b[BLOCK_ROWS];
        for (int i = 0; i < m; i++) { a[i] = _mm512_setzero_ps(); b[i] = _mm512_setzero_ps(); }
        int64_t c = 0;
        for (; c + 64 <= n; c += 64)
        {
            _mm_prefetch((const char*)(w + c) + PREFETCH_AHEAD, _MM_HINT_T1);
            _mm_prefetch((const char*)(w + c) + PREFETCH_AHEAD + 64, _MM_HINT_T1);
            __m512bh lo = (__m512bh)_mm512_loadu_si512(w + c), hi = (__m512bh)_mm512_loadu_si512(w + c + 32);
            for (int i = 0; i < m; i++)
            {
                a[i] = _mm512_dpbf16_ps(a[i], lo, (__m512bh)_mm512_loadu_si512(x + i * n + c));
                b[i] = _mm512_dpbf16_ps(b[i], hi, (__m512bh)_mm512_loadu_si512(x + i * n + c + 32));
            }
        }
        if (c + 32 <= n)
        {
            __m512bh lo = (__m512bh)_mm512_loadu_si512(w + c);
            for (int i = 0; i < m; i++) a[i] = _mm512_dpbf16_ps(a[i], lo, (__m512bh)_mm512_loadu_si512(x + i * n + c));
            c += 32;
        }
        if (c < n)
        {
            __m512bh lo = (__m512bh)_mm512_maskz_loadu_epi16(tail, w + c);
            for (int i = 0; i < m; i++) b[i] = _mm512_dpbf16_ps(b[i], lo, (__m512bh)_mm512_maskz_loadu_epi16(tail, x + i * n + c));
        }
        for (int i = 0; i < m; i++) y[i * out + r] = _mm512_reduce_add_ps(_mm512_add_ps(a[i], b[i]));
    }
}

// Two weight rows at a time against M ≤ 4 activation rows, for inputs so wide that eight activation rows do not stay
// in L1 (the MLP's down projection): each activation load from L2 then serves two weight rows. Each sum runs in the
// order of block(); an odd last weight row goes through block().
INLINE void block_pairs(const uint16_t* weights, int64_t n, const uint16_t* x, float* y, int64_t out, const int m, int64_t r0, int64_t r1)
{
    const int64_t rest = n % 32;
    const __mmask32 tail = rest ? (__mmask32)((1ull << rest) - 1) : 0;
    int64_t r = r0;
    for (; r + 2 <= r1; r += 2)
    {
        const uint16_t* w = weights + r * n;
        const uint16_t* v = w + n;
        __m512 a[4], b[4], e[4], f[4];
        for (int i = 0; i < m; i++) { a[i] = _mm512_setzero_ps(); b[i] = a[i]; e[i] = a[i]; f[i] = a[i]; }
        int64_t c = 0;
        for (; c + 64 <= n; c += 64)
        {
            _mm_prefetch((const char*)(w + c) + PREFETCH_AHEAD, _MM_HINT_T1);
            _mm_prefetch((const char*)(w + c) + PREFETCH_AHEAD + 64, _MM_HINT_T1);
            _mm_prefetch((const char*)(v + c) + PREFETCH_AHEAD, _MM_HINT_T1);
            _mm_prefetch((const char*)(v + c) + PREFETCH_AHEAD + 64, _MM_HINT_T1);
            __m512bh wlo = (__m512bh)_mm512_loadu_si512(w + c), whi = (__m512bh)_mm512_loadu_si512(w + c + 32);
            __m512bh vlo = (__m512bh)_mm512_loadu_si512(v + c), vhi = (__m512bh)_mm512_loadu_si512(v + c + 32);
            for (int i = 0; i < m; i++)
            {
                __m512bh xlo = (__m512bh)_mm512_loadu_si512(x + i * n + c), xhi = (__m512bh)_mm512_loadu_si512(x + i * n + c + 32);
                a[i] = _mm512_dpbf16_ps(a[i], wlo, xlo);
                b[i] = _mm512_dpbf16_ps(b[i], whi, xhi);
                e[i] = _mm512_dpbf16_ps(e[i], vlo, xlo);
                f[i] = _mm512_dpbf16_ps(f[i], vhi, xhi);
            }
        }
        if (c + 32 <= n)
        {
            __m512bh wlo = (__m512bh)_mm512_loadu_si512(w + c), vlo = (__m512bh)_mm512_loadu_si512(v + c);
            for (int i = 0; i < m; i++)
            {
                __m512bh xlo = (__m512bh)_mm512_loadu_si512(x + i * n + c);
                a[i] = _mm512_dpbf16_ps(a[i], wlo, xlo);
                e[i] = _mm512_dpbf16_ps(e[i], vlo, xlo);
            }
            c += 32;
        }
        if (c < n)
        {
            __m512bh wlo = (__m512bh)_mm512_maskz_loadu_epi16(tail, w + c), vlo = (__m512bh)_mm512_maskz_loadu_epi16(tail, v + c);
            for (int i = 0; i < m; i++)
            {
                __m512bh xlo = (__m512bh)_mm512_maskz_loadu_epi16(tail, x + i * n + c);
                b[i] = _mm512_dpbf16_ps(b[i], wlo, xlo);
                f[i] = _mm512_dpbf16_ps(f[i], vlo, xlo);
            }
        }
        for (int i = 0; i < m; i++)
        {
            y[i * out + r] = _mm512_reduce_add_ps(_mm512_add_ps(a[i], b[i]));
            y[i * out + r + 1] = _mm512_reduce_add_ps(_mm512_add_ps(e[i], f[i]));
        }
    }
    if (r < r1) block(weights, n, x, y, out, m, r, r1);
}

// One function per block size, so that the accumulators of each stay in registers.
#define BLOCK(M) KERNEL static void block##M(const uint16_t* w, int64_t n, const uint16_t* x, float* y, int64_t out, int64_t r0, int64_t r1) \
    { block(w, n, x, y, out, M, r0, r1); }
BLOCK(1) BLOCK(2) BLOCK(3) BLOCK(4) BLOCK(5) BLOCK(6) BLOCK(7) BLOCK(8)
#define PAIRS(M) KERNEL static void pairs##M(const uint16_t* w, int64_t n, const uint16_t* x, float* y, int64_t out, int64_t r0, int64_t r1) \
    { block_pairs(w, n, x, y, out, M, r0, r1); }
PAIRS(1) PAIRS(2) PAIRS(3) PAIRS(4)
typedef void (*block_fn)(const uint16_t*, int64_t, const uint16_t*, float*, int64_t, int64_t, int64_t);
static const block_fn blocks[BLOCK_ROWS + 1] = { 0, block1, block2, block3, block4, block5, block6, block7, block8 };
static const block_fn pairs[PAIR_ROWS + 1] = { 0, pairs1, pairs2, pairs3, pairs4 };

// y[i, r] = Σ_c w[r, c]·x[i, c] (fp32) for weight rows r0 … r1 − 1 of w [out, n] (bf16) and all activation rows
// x [rows, n] (bf16); y is [rows, out].
KERNEL void r1omni_bf16_gemv(const uint16_t* w, int64_t n, const uint16_t* x, float* y, int64_t out, int32_t rows, int64_t r0, int64_t r1)
{
    int64_t tile = TILE_BYTES / (n * 2);
    if (tile < 2) tile = 2;
    for (int64_t t0 = r0; t0 < r1; t0 += tile)
    {
        int64_t t1 = t0 + tile < r1 ? t0 + tile : r1;
        int step = n > WIDE_INPUT ? PAIR_ROWS : BLOCK_ROWS;
        for (int b = 0; b < rows; b += step)
        {
            int m = rows - b < step ? rows - b : step;
            (n > WIDE_INPUT ? pairs : blocks)[m](w, n, x + (int64_t)b * n, y + (int64_t)b * out, out, t0, t1);
        }
    }
}
