namespace R1Omni.Training.Grpo;

/// <summary>One log-prob pass of an update: rows [Start, Start + Rows) of a group's completions.</summary>
public sealed record GrpoLossPass(GrpoRollout Group, int Start, int Rows);
