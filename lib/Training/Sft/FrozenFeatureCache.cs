using R1Omni.Media;
using R1Omni.Models.HumanOmni;
using R1Omni.Prompts;
using R1Omni.Tokenizers;
using static TorchSharp.torch;

namespace R1Omni.Training.Sft;

/// <summary>
/// Outputs of the parts SFT keeps frozen: SigLIP features [T, P, mm_hidden] and Whisper encoder states
/// [frames/2, audio_hidden] per video (frames pad-to-square, spec §3.2), and BERT's CLS state per gate text. They
/// are deterministic functions of their inputs (no dropout in our modules), so with <c>keep</c> each is computed once
/// and reused every epoch; the trainable projectors and gate still run on them every step. Without <c>keep</c>
/// the tensors belong to the caller's dispose scope. BERT's CLS is never cached when BERT itself trains. A single
/// <paramref name="modality"/> runs only its own tower; the other's entry is null.
/// </summary>
public sealed class FrozenFeatureCache(HumanOmniQwen2ForCausalLM model, VideoClipLoader loader, BertTokenizer bertTokenizer, bool keep, bool bertTrains,
                                       PromptModality modality = PromptModality.VideoAudio)
    : IDisposable
{
    readonly Dictionary<string, (Tensor? Vision, Tensor? Audio)> media = new(StringComparer.Ordinal);
    readonly Dictionary<string, Tensor> gate = new(StringComparer.Ordinal);

    /// <summary>Clips whose audio was missing and replaced by silence.</summary>
    public int SubstitutedAudio { get; private set; }

    public (Tensor? Vision, Tensor? Audio) Media(string video)
    {
        if (media.TryGetValue(video, out var cached)) return cached;
        Tensor? vision = null, audio = null;
        using (no_grad())
        {
            VideoClip clip;
            try { clip = loader.Load(video, ImageFraming.PadToSquare); }
            catch (R1OmniException e) { throw new R1OmniException($"training video '{video}': {e.Message}", e); }
            using (clip)
            {
                if (modality != PromptModality.Audio) vision = model.VisionFeatures(clip.PixelValues.to(model.Device));
                if (modality != PromptModality.Video)
                {
                    if (clip.Audio.Substituted) SubstitutedAudio++;
                    audio = model.AudioEncoderStates(clip.InputFeatures.unsqueeze(0).to(model.Device))[0];
                }
            }
        }
        if (keep) media[video] = (vision?.DetachFromDisposeScope(), audio?.DetachFromDisposeScope());
        return (vision, audio);
    }

    public Tensor GateCls(string text)
    {
        if (!bertTrains && gate.TryGetValue(text, out var cached)) return cached;
        var (ids, mask) = bertTokenizer.EncodeBatch([text]).ToTensors(model.Device);
        Tensor cls;
        using (bertTrains ? null : no_grad()) cls = model.BertCls(ids, mask)[0];
        if (keep && !bertTrains) gate[text] = cls.DetachFromDisposeScope();
        return cls;
    }

    public void Dispose()
    {
        foreach (var (v, a) in media.Values) { v?.Dispose(); a?.Dispose(); }
        foreach (var c in gate.Values) c.Dispose();
    }
}
