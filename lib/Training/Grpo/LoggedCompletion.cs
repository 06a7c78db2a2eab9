namespace R1Omni.Training.Grpo;

/// <summary>One line of <c>completions.jsonl</c>: a sampled completion of a logged step with its rewards (by function and total) and advantage.</summary>
public sealed record LoggedCompletion(int Step, string Id, string? Label, string Completion, IReadOnlyDictionary<string, double> Rewards,
                                      double Reward, double Advantage, int Length, bool Truncated);
