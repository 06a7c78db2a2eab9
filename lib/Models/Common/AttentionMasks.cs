using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Models.Common;

/// <summary>Boolean attention masks and position ids with HF generation semantics.</summary>
public static class AttentionMasks
{
    /// <summary>
    /// allowed[b, 0, i, j] for L new queries after <paramref name="past"/> cached positions: causal (j ≤ past + i),
    /// key j not padding (paddingMask [B, past + L] of 1/0, may be null), and — as transformers 4.49 does whenever
    /// the config carries a sliding_window — within the window.
    /// </summary>
    public static Tensor Causal(long batch, long past, long length, Tensor? paddingMask, int? slidingWindow, Device device)
    {
        using var scope = NewDisposeScope();
        long total = past + length;
        var qpos = arange(Scalars.Of(past), Scalars.Of(total), Scalars.One, dtype: ScalarType.Int64, device: device).unsqueeze(1);   // [L, 1]
        var kpos = arange(Scalars.Of(0L), Scalars.Of(total), Scalars.One, dtype: ScalarType.Int64, device: device).unsqueeze(0);      // [1, T]
        var allowed = kpos <= qpos;
        if (slidingWindow is int w) allowed = allowed & (kpos > qpos.sub(Scalars.Of((long)w)));
        var result = allowed.unsqueeze(0).unsqueeze(0).expand(batch, 1, length, total);
        if (paddingMask is not null)
        {
            if (paddingMask.shape[0] != batch || paddingMask.shape[1] != total)
                throw new ArgumentException($"attention mask shape [{string.Join(",", paddingMask.shape)}] does not match batch {batch} × {total} positions");
            // A query at a padded position would attend to nothing; letting it see itself keeps its (ignored) output
            // finite, so fused attention never produces NaN keys/values that reach real rows. Real queries already do.
            var self = (kpos == qpos).unsqueeze(0).unsqueeze(0);
            result = (result & paddingMask.to(ScalarType.Bool).view(batch, 1, 1, total)) | self;
        }
        return result.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>HF's position ids for a padded batch: cumsum(mask) − 1, with padded positions set to 1.</summary>
    public static Tensor PositionIds(Tensor paddingMask)
    {
        using var scope = NewDisposeScope();
        var mask = paddingMask.to(ScalarType.Int64);
        var pos = mask.cumsum(-1).sub(Scalars.One);
        return pos.masked_fill(mask.eq(Scalars.Of(0L)), Scalars.One).MoveToOuterDisposeScope();
    }
}
