namespace R1Omni.SynthEmo;

/// <summary>One instruction-following example of the HumanOmni analogue's pretraining: a question about the clip and its answer.</summary>
public sealed record Instruction(string Task, string Question, string Answer);
