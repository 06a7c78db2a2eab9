namespace R1Omni.Training.Grpo;

/// <summary>
/// Counts over a whole optimiser step that fix each log-prob pass's share of the step loss, so that the pass losses,
/// each backpropagated on its own (gradient accumulation), sum to the step loss of the chosen aggregation.
/// </summary>
/// <param name="Sequences">Completions in the step (kept groups × G).</param>
/// <param name="Tokens">Σ of the completion masks over the step.</param>
/// <param name="Groups">Kept prompt groups in the step.</param>
/// <param name="MaxCompletionLength">The generation limit (Dr. GRPO's normaliser).</param>
public sealed record AggregationTotals(int Sequences, double Tokens, int Groups, int MaxCompletionLength);
