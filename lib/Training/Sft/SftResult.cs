namespace R1Omni.Training.Sft;

/// <summary>Where an SFT run ended: its folder, the steps taken of the total, and the newest checkpoint.</summary>
public sealed record SftResult(string OutputDir, int Steps, int TotalSteps, string? LastCheckpoint, StepMetrics? LastMetrics);
