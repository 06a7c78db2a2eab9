using R1Omni.Checkpoints;
using R1Omni.Config;
using R1Omni.Models.Bert;
using R1Omni.Models.Common;
using R1Omni.Models.Projector;
using R1Omni.Models.Qwen2;
using R1Omni.Models.Siglip;
using R1Omni.Models.Whisper;
using static TorchSharp.torch;

namespace R1Omni.Models.HumanOmni;

/// <summary>
/// HumanOmni-0.5B as R1-Omni runs it (spec §0, §4): SigLIP features (hidden_states[select_layer]) → the
/// <c>all_in_one_small</c> projector, its three branches weighed by softmax(bert_gate(BERT CLS of the instruction));
/// Whisper encoder → avg-pool ×3 → <c>mlp2x_gelu</c>; both spliced into the Qwen2 prompt embeddings.
/// Module keys: <c>llm.*</c>, <c>mm_projector.*</c>, <c>audio_projector.*</c>, <c>bert_gate.*</c>, <c>bert_model.*</c>,
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

    /// <summary>SigLIP features [T, P, mm_hidden] for frames [T, 3, S, S]: hidden_states[mm_vision_select_layer], only the layers needed.</summary>
    public Tensor VisionFeatures(Tensor pixelValues)
    {
        if (Config.MmVisionSelectFeature != "patch")
            throw new R1OmniException($"config.json: mm_vision_select_feature '{Config.MmVisionSelectFeature}' is not supported (SigLIP has no CLS token; use 'patch')");
        return vision_tower.Forward(pixelValues.to(Dtype), vision_tower.LayersForHiddenState(Config.MmVisionSelectLayer));
    }

    /// <summary>BERT CLS states [B, bert_hidden] of the gate text.</summary>
    public Tensor BertCls(Tensor bertInputIds, Tensor bertAttentionMask)
    {
        using var scope = NewDisposeScope();
        return bert_model.Forward(bertInputIds, bertAttentionMask).select(1, 0).MoveToOuterDisposeScope();
    }

    /// <summary>Visual tokens [B, N, hidden] from SigLIP features [B, T, P, mm_hidden] and the gate's CLS input.</summary>
    public Tensor VisualTokens(Tensor features, Tensor gateProbs) => mm_projector.forward(features, gateProbs);

    /// <summary>Whisper encoder states [B, frames/2, audio_hidden] for log-mel features [B, mels, 2·max_source_positions].</summary>
    public Tensor AudioEncoderStates(Tensor inputFeatures) => audio_tower.Forward(inputFeatures.to(Dtype));

    /// <summary>Audio tokens [B, frames/6, hidden].</summary>
    public Tensor AudioTokens(Tensor encoderStates) => audio_projector.forward(encoderStates);

    /// <summary>
    /// Prompt embeddings for a batch: each sample's visual and audio tokens spliced in place of its placeholders.
    /// Left padding for generation, right padding (the reference's) for training.
    /// </summary>
    public SplicedBatch Splice(IReadOnlyList<SpliceSample> samples, PaddingSide padding) =>
        MultimodalSplicer.Splice(samples, llm.Embed, padding, Device);

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
