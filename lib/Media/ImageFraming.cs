namespace R1Omni.Media;

/// <summary>How a frame is brought to the square model input (<c>process_video</c>'s <c>aspect_ratio</c> in
/// <c>humanomni/mm_utils.py</c>: "pad" runs <c>expand2square</c>, anything else squashes).</summary>
public enum ImageFraming
{
    /// <summary>Resize straight to the target size, distorting the aspect ratio (inference and evaluation).</summary>
    Squash,

    /// <summary>HumanOmni's <c>expand2square</c>: centre on a square canvas of the mean colour, then resize
    /// (SFT and GRPO training, <c>aspect_ratio="pad"</c>).</summary>
    PadToSquare,
}
