namespace R1Omni.SynthEmo;

/// <summary>
/// Everything that determines one clip: its id, split, emotion and the sampled face and voice parameters, plus the
/// cold-start rationale (null in the other splits) and the pretraining instructions (null outside pretrain).
/// <see cref="Video"/> is the mp4 path relative to the output folder.
/// </summary>
public sealed record ClipSpec(string Id, SynthEmoSplit Split, Emotion Emotion, FaceParams Face, VoiceParams Voice, Rationale? Rationale,
                              IReadOnlyList<Instruction>? Instructions = null)
{
    public EmotionProfile Profile => CueTable.Of(Emotion);
    public string Label => Profile.Label;
    public string Video => $"clips/{Split.Name}/{Id}.mp4";
}
