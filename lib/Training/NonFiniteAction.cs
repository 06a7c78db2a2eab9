namespace R1Omni.Training;

/// <summary>What an optimiser step does when a loss or the gradient norm is NaN or infinite.</summary>
public enum NonFiniteAction
{
    /// <summary>Leave weights and optimiser state untouched, log a warning and count the step (data and schedule move on).</summary>
    Skip,
    /// <summary>Stop training with an error naming the step.</summary>
    Abort,
}
