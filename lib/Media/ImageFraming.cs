namespace R1Omni.Media;

/// <summary>How a frame is brought to the square model input (spec §3.2).</summary>
public enum ImageFraming
{
    /// <summary>Resize straight to the target size, distorting the aspect ratio (inference and evaluation).</summary>
    Squash,

    /// <summary>HumanOmni's <c>expand2square</c>: centre on a square canvas of the mean colour, then resize
    /// (SFT and GRPO training, <c>aspect_ratio="pad"</c>).</summary>
    PadToSquare,
}
