namespace R1Omni.Analysis;

/// <summary>
/// One clip's modality contribution: the model's greedy response and answer under the full prompt, the log-probabilities of
/// that answer's tokens (and of the label put in its place, when the clip is labelled) with both modalities and with
/// each removed.
/// </summary>
public sealed record ContributionSample(string Id, string Video, string? Label, string Response, string Answer,
                                        ModalityLogProbs AnswerLogProbs, ModalityLogProbs? LabelLogProbs)
{
    /// <summary>Which modality the model's own answer depended on most (see <see cref="ModalityLogProbs.MatteredMost"/>).</summary>
    public string MatteredMost => AnswerLogProbs.MatteredMost;
}
