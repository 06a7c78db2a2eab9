using R1Omni.Models.Common;
using R1Omni.Prompts;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Models.HumanOmni;

public enum PaddingSide { Left, Right }

/// <summary>One sample to splice: prompt ids with placeholders, the features standing for them, optional labels.</summary>
public sealed record SpliceSample(long[] Ids, Tensor? Video, Tensor? Audio, long[]? Labels = null);

/// <summary>
/// The splice of HumanOmni's <c>prepare_inputs_labels_for_multimodal</c> (<c>humanomni/model/humanomni_arch.py</c>),
/// run by <see cref="HumanOmniQwen2ForCausalLM.PrepareInputsLabelsForMultimodal"/>: text runs are embedded, each placeholder is
/// replaced by its sample's feature rows (<c>&lt;video&gt;</c>/<c>&lt;image&gt;</c> → visual tokens, <c>&lt;audio&gt;</c> →
/// audio tokens), inserted spans get label −100, and samples are padded with zero rows.
/// The reference right-pads and prepends extra "true" mask entries, which equals a plain real/pad mask because its
/// input masks are all ones; that plain mask is what is built here. Left padding is offered for batched generation,
/// where right padding would put pad rows between the prompt and the continuation.
/// </summary>
public static class MultimodalSplicer
{
    public const long IgnoreIndex = -100;

    public static SplicedBatch Splice(IReadOnlyList<SpliceSample> samples, Func<Tensor, Tensor> embedTokens, PaddingSide padding, Device device)
    {
        if (samples.Count == 0) throw new ArgumentException("no samples to splice");
        bool withLabels = samples[0].Labels is not null;
        if (samples.Any(s => (s.Labels is not null) != withLabels)) throw new ArgumentException("either every sample has labels or none");
        using var scope = NewDisposeScope();
        var rows = new List<Tensor>();
        var labelRows = new List<long[]>();
        for (int b = 0; b < samples.Count; b++)
        {
            var (embeds, labels) = SpliceOne(samples[b], b, embedTokens, device);
            rows.Add(embeds);
            labelRows.Add(labels);
        }
        long longest = rows.Max(r => r.shape[0]);
        long dim = rows[0].shape[1];
        var lengths = rows.Select(r => r.shape[0]).ToArray();
        var padded = new List<Tensor>();
        var mask = new long[samples.Count, longest];
        var labelsOut = new long[samples.Count, longest];
        for (int b = 0; b < samples.Count; b++)
        {
            long n = lengths[b], pad = longest - n;
            long start = padding == PaddingSide.Left ? pad : 0;
            var z = zeros(pad, dim, dtype: rows[b].dtype, device: rows[b].device);
            padded.Add(padding == PaddingSide.Left ? cat([z, rows[b]], 0) : cat([rows[b], z], 0));
            for (long j = 0; j < longest; j++)
            {
                bool real = j >= start && j < start + n;
                mask[b, j] = real ? 1 : 0;
                labelsOut[b, j] = real ? labelRows[b][j - start] : IgnoreIndex;
            }
        }
        var maskT = tensor(mask, device: device);
        // The reference passes no positions: the forward counts 0…L−1 (right padding), generate derives them from the mask.
        var positions = padding == PaddingSide.Left
            ? AttentionMasks.PositionIds(maskT)
            : arange(Scalars.Of(0L), Scalars.Of(longest), Scalars.One, dtype: ScalarType.Int64, device: device).unsqueeze(0).expand(samples.Count, -1);
        var labelsT = withLabels ? tensor(labelsOut, device: device) : null;
        return new SplicedBatch(stack(padded), maskT, positions, labelsT, lengths).MoveToOuterDisposeScope();
    }

    static (Tensor embeds, long[] labels) SpliceOne(SpliceSample s, int index, Func<Tensor, Tensor> embedTokens, Device device)
    {
        if (s.Labels is not null && s.Labels.Length != s.Ids.Length)
            throw new ArgumentException($"sample {index}: {s.Labels.Length} labels for {s.Ids.Length} ids");
        var pieces = new List<Tensor>();
        var labels = new List<long>();
        bool usedVideo = false, usedAudio = false;
        int start = 0;
        for (int i = 0; i <= s.Ids.Length; i++)
        {
            bool placeholder = i < s.Ids.Length && s.Ids[i] < 0;
            if (i < s.Ids.Length && !placeholder) continue;
            if (i > start)
            {
                using var ids = tensor(s.Ids[start..i], device: device);
                pieces.Add(embedTokens(ids));
                labels.AddRange(s.Labels is null ? Enumerable.Repeat(IgnoreIndex, i - start) : s.Labels[start..i]);
            }
            if (placeholder)
            {
                var features = s.Ids[i] switch
                {
                    ModalPlaceholders.VideoIndex or ModalPlaceholders.ImageIndex => Take(ref usedVideo, s.Video, "video", index),
                    ModalPlaceholders.AudioIndex => Take(ref usedAudio, s.Audio, "audio", index),
                    _ => throw new R1OmniException($"sample {index}: unknown placeholder id {s.Ids[i]} (expected -200, -201 or -202)"),
                };
                pieces.Add(features);
                labels.AddRange(Enumerable.Repeat(IgnoreIndex, (int)features.shape[0]));
            }
            start = i + 1;
        }
        if (pieces.Count == 0) throw new R1OmniException($"sample {index}: empty prompt");
        var dtype = pieces[0].dtype;
        return (cat(pieces.Select(p => p.to(dtype)).ToArray(), 0), labels.ToArray());
    }

    static Tensor Take(ref bool used, Tensor? features, string modality, int index)
    {
        if (features is null) throw new R1OmniException($"sample {index}: the prompt has a <{modality}> placeholder but no {modality} features were given");
        if (used) throw new R1OmniException($"sample {index}: more than one <{modality}> placeholder; HumanOmni takes one {modality} per sample");
        if (features.dim() != 2) throw new ArgumentException($"sample {index}: {modality} features must be [tokens, hidden], got [{string.Join(", ", features.shape)}]");
        used = true;
        return features;
    }
}
