namespace R1Omni.Analysis;

/// <summary>
/// Contributions aggregated over a manifest: mean log-probability drops (nats) of the model's answer when video or audio
/// is removed, the share of samples (0–1) where each modality mattered most (or neither), and the mean drops of the
/// label's log-probability over the labelled samples (null when none is labelled).
/// </summary>
public sealed record ContributionSummary(int Samples, double MeanVideoDrop, double MeanAudioDrop, double VideoMatteredShare, double AudioMatteredShare,
                                         double NeitherShare, double? MeanLabelVideoDrop, double? MeanLabelAudioDrop)
{
    public static ContributionSummary Of(IReadOnlyList<ContributionSample> samples)
    {
        if (samples.Count == 0) throw new R1OmniException("modality contribution: no samples to summarise");
        double Share(string modality) => samples.Count(s => s.MatteredMost == modality) / (double)samples.Count;
        var labelled = samples.Where(s => s.LabelLogProbs is not null).Select(s => s.LabelLogProbs!).ToList();
        return new ContributionSummary(samples.Count,
            samples.Average(s => s.AnswerLogProbs.VideoDrop), samples.Average(s => s.AnswerLogProbs.AudioDrop),
            Share(ModalityContribution.Video), Share(ModalityContribution.Audio), Share(ModalityContribution.Neither),
            labelled.Count == 0 ? null : labelled.Average(l => l.VideoDrop), labelled.Count == 0 ? null : labelled.Average(l => l.AudioDrop));
    }
}
