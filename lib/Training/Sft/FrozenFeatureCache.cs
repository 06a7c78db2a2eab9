using R1Omni.Media;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using static TorchSharp.torch;

namespace R1Omni.Training.Sft;

/// <summary>
/// Outputs of the parts SFT keeps frozen: the towers' outputs per video (frames padded to square, as
/// <c>train_humanomni.py</c> loads them) and BERT's CLS state per gate text. They are deterministic functions of their
/// inputs (no dropout in our modules), so with <c>keep</c> each is computed once and reused every epoch; the trainable
/// projectors and gate still run on them every step. Without <c>keep</c> the tensors belong to the caller's dispose
/// scope. BERT's CLS is never cached when BERT itself trains: the gate input is then the text's ids. A single
/// <paramref name="modality"/> runs only its own tower.
/// </summary>
public sealed class FrozenFeatureCache(HumanOmniBundle bundle, bool keep, bool bertTrains, PromptModality modality = PromptModality.VideoAudio)
    : IDisposable
{
    readonly Dictionary<string, TowerFeatures> media = new(StringComparer.Ordinal);
    readonly Dictionary<string, Tensor> gate = new(StringComparer.Ordinal);

    public PromptModality Modality => modality;
    public bool BertTrains => bertTrains;

    /// <summary>Clips whose audio was missing and replaced by silence.</summary>
    public int SubstitutedAudio { get; private set; }

    /// <summary>The towers' outputs for a training video.</summary>
    public MultimodalMedia Media(string video)
    {
        if (media.TryGetValue(video, out var cached)) return cached.Sample(0);
        VideoClip clip;
        try { clip = bundle.ClipLoader.Load(video, ImageFraming.PadToSquare); }
        catch (R1OmniException e) { throw new R1OmniException($"training video '{video}': {e.Message}", e); }
        TowerFeatures features;
        using (clip)
        {
            if (modality != PromptModality.Video && clip.Audio.Substituted) SubstitutedAudio++;
            features = bundle.Model.EncodeTowers(modality == PromptModality.Audio ? null : clip.PixelValues.unsqueeze(0),
                                                 modality == PromptModality.Video ? null : clip.InputFeatures.unsqueeze(0));
        }
        if (keep)
        {
            features.Vision?.DetachFromDisposeScope();
            features.Audio?.DetachFromDisposeScope();
            media[video] = features;
        }
        return features.Sample(0);
    }

    /// <summary>The gate input of a gate text: its cached CLS state when BERT is frozen, its ids when BERT trains.</summary>
    public GateInput Gate(string text)
    {
        if (bertTrains) return bundle.Gate(text);
        if (gate.TryGetValue(text, out var cached)) return GateInput.FromCls(cached);
        Tensor cls;
        using (no_grad()) cls = bundle.Model.EncodeGateText(bundle.Gate(text).BertIds!);
        if (keep) gate[text] = cls.DetachFromDisposeScope();
        return GateInput.FromCls(cls);
    }

    public void Dispose()
    {
        foreach (var f in media.Values) f.Dispose();
        foreach (var c in gate.Values) c.Dispose();
    }
}
