using R1Omni.Tokenizers;
using static TorchSharp.torch;

namespace R1Omni.Models.HumanOmni;

/// <summary>
/// What the instruction gate reads for a sample: the BERT ids of its gate text, or the BERT CLS state [bert_hidden]
/// computed earlier (<see cref="HumanOmniQwen2ForCausalLM.EncodeGateText"/>; a frozen BERT's output is cached in SFT).
/// Samples that share one instance share its CLS state: BERT runs once for it.
/// </summary>
public sealed class GateInput
{
    GateInput(long[]? bertIds, Tensor? cls)
    {
        BertIds = bertIds;
        Cls = cls;
    }

    public long[]? BertIds { get; }
    public Tensor? Cls { get; }

    /// <summary>A gate text's BERT ids ([CLS] … [SEP], no padding).</summary>
    public static GateInput FromIds(long[] bertIds) =>
        bertIds.Length > 0 ? new(bertIds, null) : throw new ArgumentException("a gate text has at least [CLS] and [SEP]", nameof(bertIds));

    public static GateInput FromCls(Tensor cls) => new(null, cls);

    /// <summary>A gate text through the gate's BERT tokenizer ([CLS] … [SEP], no padding).</summary>
    public static GateInput FromText(string text, BertTokenizer tokenizer) => FromIds(tokenizer.Encode(text).Select(i => (long)i).ToArray());
}
