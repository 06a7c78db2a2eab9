using R1Omni.Generation;
using R1Omni.Models.Common;
using Stages = R1Omni.Models.HumanOmni.HumanOmniQwen2ForCausalLM.Stages;

namespace R1Omni.Inference;

/// <summary>One video's response (decoded without special tokens and stripped, as <c>mm_infer</c> returns it) and its answer.</summary>
public sealed record InferenceResult(string Response, string Answer, int[] Tokens, FinishReason FinishReason, InferenceTimings Timings);

/// <summary>Seconds spent per stage for a batch (shared by its videos): SigLIP and the projector, BERT and the gate,
/// Whisper and the audio projector, prefill, decoding.</summary>
public sealed record InferenceTimings(double Vision, double Gate, double Audio, double Prefill, double Decode)
{
    public double Total => Vision + Gate + Audio + Prefill + Decode;

    public static InferenceTimings Of(ForwardTrace trace, GenerationResult generation) => new(
        trace.SecondsOf(Stages.Siglip) + trace.SecondsOf(Stages.VisualProjector),
        trace.SecondsOf(Stages.Bert) + trace.SecondsOf(Stages.Gate),
        trace.SecondsOf(Stages.Whisper) + trace.SecondsOf(Stages.AudioProjector),
        generation.PrefillSeconds, generation.DecodeSeconds);
}
