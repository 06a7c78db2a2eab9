using R1Omni.Checkpoints;
using R1Omni.Config;
using R1Omni.Models.Bert;
using R1Omni.Models.Common;
using R1Omni.Models.Projector;
using R1Omni.Models.Qwen2;
using R1Omni.Models.Siglip;
using R1Omni.Models.Whisper;
using R1Omni.Prompts;
using static TorchSharp.torch;

namespace R1Omni.Models.HumanOmni;

/// <summary>
/// HumanOmni-0.5B as R1-Omni runs it (<c>encode_images_or_videos</c> and <c>prepare_inputs_labels_for_multimodal</c> in
/// <c>humanomni/model/humanomni_arch.py</c>): SigLIP features (hidden_states[select_layer]) → the
/// <c>all_in_one_small</c> projector, its three branches weighed by softmax(bert_gate(BERT CLS of the instruction));
/// Whisper encoder → avg-pool ×3 → <c>mlp2x_gelu</c>; both spliced into the Qwen2 prompt embeddings. Module keys:
/// <c>llm.*</c>, <c>mm_projector.*</c>, <c>audio_projector.*</c>, <c>bert_gate.*</c>, <c>bert_model.*</c>,
/// <c>vision_tower.*</c>, <c>audio_tower.*</c>; <see cref="HumanOmniCheckpointKeys"/> maps them to the released layout.
/// </summary>
public sealed class HumanOmniQwen2ForCausalLM : nn.Module, ICausalLM
{
    readonly Qwen2ForCausalLM llm;
    readonly AllInOneSmall mm_projector;
    readonly AudioProjector audio_projector;
    readonly BertGate bert_gate;
    readonly BertModel bert_model;
    readonly SiglipVisionModel vision_tower;
    readonly WhisperEncoder audio_tower;

    public HumanOmniConfig Config { get; }
    public ScalarType Dtype { get; }
    public Device Device { get; }

    /// <summary>Builds the model around towers and a BERT that were already loaded (or initialised) in <paramref name="dtype"/>.</summary>
    public HumanOmniQwen2ForCausalLM(HumanOmniConfig config, SiglipVisionModel visionTower, WhisperEncoder audioTower, BertModel bert,
                                     ScalarType dtype = ScalarType.Float32, Device? device = null) : base(nameof(HumanOmniQwen2ForCausalLM))
    {
        Config = config;
        Dtype = dtype;
        Device = device ?? CPU;
        CheckCompatible(config, visionTower, audioTower);
        llm = new Qwen2ForCausalLM(config.Text, dtype, Device);
        mm_projector = AllInOneSmall.FromConfig(config, dtype, Device);
        audio_projector = AudioProjector.FromConfig(config, dtype, Device);
        bert_gate = new BertGate(bert.Config.HiddenSize, dtype, Device);
        bert_model = bert;
        vision_tower = visionTower;
        audio_tower = audioTower;
        RegisterComponents();
    }

    public Qwen2ForCausalLM LanguageModel => llm;
    public AllInOneSmall Projector => mm_projector;
    public AudioProjector AudioProjector => audio_projector;
    public BertGate Gate => bert_gate;
    public BertModel Bert => bert_model;
    public SiglipVisionModel VisionTower => vision_tower;
    public WhisperEncoder AudioTower => audio_tower;

    public int NumLayers => llm.NumLayers;
    public int VocabSize => llm.VocabSize;
    public Tensor Embed(Tensor inputIds) => llm.Embed(inputIds);
    public Tensor Forward(Tensor inputsEmbeds, Tensor? paddingMask = null, Tensor? positionIds = null, KVCache? cache = null, int? keepLast = null) =>
        llm.Forward(inputsEmbeds, paddingMask, positionIds, cache, keepLast);
    public KVCache NewCache(long batch, long capacity) => llm.NewCache(batch, capacity);
    public IDecodeStep? NewDecodeStep(KVCache cache, Tensor paddingMask) => llm.NewDecodeStep(cache, paddingMask);

    /// <summary>
    /// HumanOmni's <c>prepare_inputs_labels_for_multimodal</c> (<c>humanomni/model/humanomni_arch.py</c>), the one
    /// multimodal forward every caller runs: for the batch's <see cref="MultimodalBatch.Modality"/>, SigLIP features of
    /// the frames → the <c>all_in_one_small</c> projector, its three branches weighed by softmax(bert_gate(BERT CLS of
    /// the gate text)); Whisper states of the log-mel → avg-pool ×3 → <c>mlp2x_gelu</c>; both spliced into the prompt
    /// embeddings in place of their placeholders (<see cref="MultimodalSplicer"/>). Media given as tower outputs skip the
    /// towers, a gate given as a CLS state skips BERT. Returns the embeddings, the padding mask, the position ids (the
    /// reference passes none: 0…L−1 for right padding; HF generate's cumsum rule for left padding) and, when the samples
    /// carry them, the labels with −100 over inserted rows. <paramref name="trace"/> receives the stage times and, when
    /// it keeps tensors, the parity intermediates of the first sample.
    /// </summary>
    public SplicedBatch PrepareInputsLabelsForMultimodal(MultimodalBatch batch, ForwardTrace? trace = null)
    {
        var samples = batch.Samples;
        if (samples.Count == 0) throw new ArgumentException("no samples", nameof(batch));
        using var scope = NewDisposeScope();
        Tensor? visual = null, audio = null;
        if (batch.Modality != PromptModality.Audio)
        {
            var features = Stacked(samples, m => m.VisionFeatures, "vision features") ??
                           EncodeVision(Stacked(samples, m => m.PixelValues, "frames") ??
                                        throw new R1OmniException("the batch asks for video but its samples carry neither frames nor vision features"), trace);
            var probs = GateProbabilities(samples, batch.BertGrad, trace);
            visual = trace.Timed(Stages.VisualProjector, () => mm_projector.forward(features, probs, trace));
            trace?.Keep("projector.fused", visual[0]);
        }
        if (batch.Modality != PromptModality.Video)
        {
            var states = Stacked(samples, m => m.AudioStates, "audio states") ??
                         EncodeAudio(Stacked(samples, m => m.InputFeatures, "log-mel features") ??
                                     throw new R1OmniException("the batch asks for audio but its samples carry neither log-mel features nor audio states"), trace);
            trace?.Keep("audio.pooled", audio_projector.Pool(states)[0]);
            audio = trace.Timed(Stages.AudioProjector, () => audio_projector.forward(states));
            trace?.Keep("audio.tokens", audio[0]);
        }
        var spliceSamples = samples.Select((s, i) => new SpliceSample(s.Ids, visual?[i], audio?[i], s.Labels)).ToList();
        var spliced = MultimodalSplicer.Splice(spliceSamples, llm.Embed, batch.Padding, Device);
        trace?.Keep("llm.inputs_embeds", spliced.InputsEmbeds[0]);
        return spliced.MoveToOuterDisposeScope();
    }

    /// <summary>The frozen towers on a batch: SigLIP features [B, T, P, mm_hidden] of frames [B, T, 3, S, S] and Whisper
    /// states [B, frames/2, audio_hidden] of log-mel features [B, n_mels, frames]; either may be null. Without grad.</summary>
    public TowerFeatures EncodeTowers(Tensor? pixelValues, Tensor? inputFeatures)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var vision = pixelValues is null ? null : EncodeVision(pixelValues, null).MoveToOuterDisposeScope();
        var audio = inputFeatures is null ? null : EncodeAudio(inputFeatures, null).MoveToOuterDisposeScope();
        return new TowerFeatures(vision, audio);
    }

    /// <summary>BERT's CLS state [bert_hidden] of a gate text's ids, as the gate reads it (with grad when grad is enabled).</summary>
    public Tensor EncodeGateText(long[] bertIds)
    {
        using var scope = NewDisposeScope();
        var ids = tensor(bertIds, device: Device).unsqueeze(0);
        return bert_model.Forward(ids, ones_like(ids)).select(1, 0)[0].MoveToOuterDisposeScope();
    }

    /// <summary>The stage names of <see cref="ForwardTrace.Seconds"/>.</summary>
    public static class Stages
    {
        public const string Siglip = "siglip", Bert = "bert", Gate = "gate", VisualProjector = "visual_projector",
                            Whisper = "whisper", AudioProjector = "audio_projector";
    }

    // SigLIP's hidden_states[mm_vision_select_layer] for frames [B, T, 3, S, S] → [B, T, P, mm_hidden], running only the layers needed.
    Tensor EncodeVision(Tensor pixelValues, ForwardTrace? trace)
    {
        if (Config.MmVisionSelectFeature != "patch")
            throw new R1OmniException($"config.json: mm_vision_select_feature '{Config.MmVisionSelectFeature}' is not supported (SigLIP has no CLS token; use 'patch')");
        if (pixelValues.dim() != 5) throw new ArgumentException($"frames must be [B, T, 3, S, S], got [{string.Join(", ", pixelValues.shape)}]");
        long b = pixelValues.shape[0], t = pixelValues.shape[1];
        var features = trace.Timed(Stages.Siglip, () =>
            vision_tower.Forward(pixelValues.to(Device).flatten(0, 1).to(Dtype), vision_tower.LayersForHiddenState(Config.MmVisionSelectLayer)));
        var batched = features.view(b, t, features.shape[1], features.shape[2]);
        trace?.Keep("vision.features", batched[0]);
        return batched;
    }

    // Whisper encoder states [B, frames/2, audio_hidden] for log-mel features [B, n_mels, 2·max_source_positions].
    Tensor EncodeAudio(Tensor inputFeatures, ForwardTrace? trace)
    {
        var states = trace.Timed(Stages.Whisper, () => audio_tower.Forward(inputFeatures.to(Device).to(Dtype)));
        trace?.Keep("audio.encoder", states[0]);
        return states;
    }

    // Branch probabilities [B, 3]: BERT runs once per distinct gate input (each as a batch of one), the gate once over
    // the distinct CLS states in order of first use, and each sample takes its input's row.
    Tensor GateProbabilities(IReadOnlyList<MultimodalSample> samples, bool bertGrad, ForwardTrace? trace)
    {
        var distinct = new List<GateInput>();
        var rows = new long[samples.Count];
        for (int i = 0; i < samples.Count; i++)
        {
            var gate = samples[i].Gate ?? throw new R1OmniException($"sample {i}: the video branch needs a gate input (the gate text's BERT ids or its CLS state)");
            int k = distinct.FindIndex(g => ReferenceEquals(g, gate));
            if (k < 0) { k = distinct.Count; distinct.Add(gate); }
            rows[i] = k;
        }
        var cls = trace.Timed(Stages.Bert, () =>
        {
            using (bertGrad ? null : no_grad())
                return stack(distinct.Select(g => g.Cls?.to(Device) ?? EncodeGateText(g.BertIds!)).ToArray());
        });
        trace?.Keep("bert.cls", cls[0]);
        var probs = trace.Timed(Stages.Gate, () =>
        {
            if (trace is { KeepTensors: true }) trace.Keep("gate.logits", bert_gate.forward(cls)[0]);
            return bert_gate.Probabilities(cls);
        });
        trace?.Keep("gate.probs", probs[0]);
        return distinct.Count == samples.Count ? probs : probs.index_select(0, tensor(rows, device: Device));
    }

    // The samples' tensors of one form stacked along a new batch dimension; null when no sample has it.
    static Tensor? Stacked(IReadOnlyList<MultimodalSample> samples, Func<MultimodalMedia, Tensor?> form, string what)
    {
        var given = samples.Select(s => form(s.Media)).ToList();
        if (given.All(t => t is null)) return null;
        int missing = given.FindIndex(t => t is null);
        if (missing >= 0) throw new R1OmniException($"sample {missing} has no {what} while others of its batch have them (one form per batch)");
        return stack(given.Select(t => t!).ToArray());
    }

    /// <summary>
    /// Disposes every part except the towers, for a model built around another model's towers (see
    /// <see cref="HumanOmniLoader.WithTowers"/>); disposing the model itself would dispose the shared towers too.
    /// </summary>
    public void DisposeOwnParts()
    {
        llm.Dispose();
        mm_projector.Dispose();
        audio_projector.Dispose();
        bert_gate.Dispose();
        bert_model.Dispose();
    }

    /// <summary>The trainable state in the released checkpoint layout (towers excluded: they are loaded from their folders).</summary>
    public IEnumerable<KeyValuePair<string, Tensor>> ReleasedStateDict() => StateDict.Of(this, HumanOmniCheckpointKeys.ToReleased);

    static void CheckCompatible(HumanOmniConfig config, SiglipVisionModel vision, WhisperEncoder audio)
    {
        if (vision.Config.HiddenSize != config.MmHiddenSize)
            throw new R1OmniException($"config.json: mm_hidden_size {config.MmHiddenSize} does not match the vision tower's hidden_size {vision.Config.HiddenSize}");
        if (audio.Config.DModel != config.AudioHiddenSize)
            throw new R1OmniException($"config.json: audio_hidden_size {config.AudioHiddenSize} does not match the audio tower's d_model {audio.Config.DModel}");
    }
}
