namespace R1Omni.Training.Grpo;

/// <summary>
/// One measurement of the <see cref="LearningProbe"/> after <paramref name="Step"/> updates: the mean sampled accuracy and
/// format over the probe clips, and per clip the accuracy, the share of samples that give an <c>&lt;answer&gt;</c> and the
/// share that give a correct one.
/// </summary>
public sealed record ProbePoint(int Step, double Accuracy, double Format, double[] ClipAccuracy, double[] ClipAnswered, double[] ClipAnsweredCorrect)
{
    /// <summary>
    /// The accuracy among the samples that answer (correct answers over answers, pooled over the clips): unchanged when
    /// the policy only learns to answer more often, higher when it answers correctly more often. NaN when nothing answered.
    /// </summary>
    public double AnsweredAccuracy => ClipAnswered.Sum() is var n && n > 0 ? ClipAnsweredCorrect.Sum() / n : double.NaN;
}
