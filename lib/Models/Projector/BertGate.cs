using R1Omni.Checkpoints;
using static TorchSharp.torch;

namespace R1Omni.Models.Projector;

/// <summary>
/// HumanOmni's <c>bert_gate</c> (built in <c>humanomni/model/humanomni_arch.py</c>): Linear(bert_hidden → 3584) → GELU
/// → Linear(3584 → 3) on BERT's CLS hidden state; its softmax weighs the projector's video, body and face branches.
/// </summary>
public sealed class BertGate : GeluMlp
{
    /// <summary>Hard-coded in the original code (Qwen2-7B's width), kept for the 0.5B models too.</summary>
    public const long GateHiddenSize = 3584;
    public const long Branches = 3;
    public const string CheckpointPrefix = "model.bert_gate.";

    public BertGate(long bertHiddenSize, ScalarType dtype = ScalarType.Float32, Device? device = null)
        : base(bertHiddenSize, GateHiddenSize, Branches, dtype, device, nameof(BertGate)) { }

    public LoadReport LoadWeights(CheckpointReader reader) => StateDict.Load(this, reader, PrefixedKeys.Under(CheckpointPrefix, _ => false));

    /// <summary>Branch probabilities [..., 3] (video, body, face) for CLS states [..., bert_hidden]; the softmax runs in fp32.</summary>
    public Tensor Probabilities(Tensor cls)
    {
        if (cls.dim() < 1 || cls.shape[^1] != InFeatures)
            throw new R1OmniException($"gate input: expected BERT CLS states [..., {InFeatures}] (BERT hidden_size), got [{string.Join(", ", cls.shape)}]");
        using var scope = NewDisposeScope();
        var logits = forward(cls);
        return nn.functional.softmax(logits, -1, ScalarType.Float32).to(logits.dtype).MoveToOuterDisposeScope();
    }
}
