using R1Omni.Generation;

namespace R1Omni.Inference;

/// <summary>One video's response (decoded without special tokens and stripped, as <c>mm_infer</c> returns it) and its answer.</summary>
public sealed record InferenceResult(string Response, string Answer, int[] Tokens, FinishReason FinishReason, InferenceTimings Timings);

/// <summary>Seconds spent per stage for a batch (shared by its videos).</summary>
public sealed record InferenceTimings(double Vision, double Gate, double Audio, double Prefill, double Decode)
{
    public double Total => Vision + Gate + Audio + Prefill + Decode;
}
