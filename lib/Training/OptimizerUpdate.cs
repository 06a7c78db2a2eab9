namespace R1Omni.Training;

/// <summary>What one optimiser update did: the global gradient norm before clipping, the rate used, and whether the
/// weights changed (false when the norm was not finite).</summary>
public sealed record OptimizerUpdate(double GradNorm, double LearningRate, bool Applied);
