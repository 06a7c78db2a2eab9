namespace R1Omni.Analysis;

/// <summary>
/// Summed log-probabilities (nats) of one target under the full prompt and with each modality removed (see
/// <see cref="ModalityContribution"/>). A drop is full − without: positive when removing the modality made the target
/// less likely, i.e. the modality supported it.
/// </summary>
public sealed record ModalityLogProbs(double Full, double WithoutVideo, double WithoutAudio)
{
    public double VideoDrop => Full - WithoutVideo;
    public double AudioDrop => Full - WithoutAudio;

    /// <summary>Probabilities exp(log p) under each input; differences of these vanish for long targets, hence the log drops.</summary>
    public double FullProbability => Math.Exp(Full);
    public double WithoutVideoProbability => Math.Exp(WithoutVideo);
    public double WithoutAudioProbability => Math.Exp(WithoutAudio);

    /// <summary>"video" or "audio": the modality whose removal lowered the log-probability most; "neither" when no removal lowered it.</summary>
    public string MatteredMost =>
        VideoDrop > 0 && VideoDrop > AudioDrop ? ModalityContribution.Video
        : AudioDrop > 0 && AudioDrop > VideoDrop ? ModalityContribution.Audio
        : ModalityContribution.Neither;
}
