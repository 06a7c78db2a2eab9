using R1Omni.Prompts;
using R1Omni.Runtime;

namespace R1Omni.SynthEmo;

/// <summary>
/// The HumanOmni-0.5B analogue's instruction data for one clip, as HumanOmni's own training mixes them: a description of
/// the face, a description of the voice (both stating the clip's true cue levels in the rationale's own sentences) and a
/// short free-text answer to an emotion question — no think/answer format. The emotion answers take one of
/// <see cref="AnswerForms"/>, so, like HumanOmni, the model answers in free text that is not always the bare label.
/// </summary>
public static class InstructionWriter
{
    public const string FaceTask = "face", VoiceTask = "voice", EmotionTask = "emotion";
    public const string FaceQuestion = "Describe the facial expression and movements of the person in the video.";
    public const string VoiceQuestion = "Describe the voice of the person in the video.";

    /// <summary>The emotion questions: the evaluation scripts' question and a plain one.</summary>
    public static readonly IReadOnlyList<string> EmotionQuestions =
        [R1OmniPrompts.EvalInstruct, "What emotion does the person in the video show?"];

    /// <summary>How an emotion is answered: slot 0 takes the label, slot 1 the adjective (see <see cref="Adjective"/>).
    /// Half the answers are the bare label, a quarter each one of the two sentences.</summary>
    public static readonly IReadOnlyList<string> AnswerForms = ["{0}", "The person seems {1}.", "It looks like {0}."];

    static readonly int[] FormDraw = [0, 0, 1, 2];

    /// <summary>The adjective of a label in a sentence ("surprised" for surprise, "calm" for neutral).</summary>
    public static string Adjective(Emotion emotion) => emotion switch
    {
        Emotion.Happy => "happy",
        Emotion.Sad => "sad",
        Emotion.Neutral => "calm",
        Emotion.Angry => "angry",
        Emotion.Surprise => "surprised",
        Emotion.Disgust => "disgusted",
        _ => "afraid",
    };

    public static IReadOnlyList<Instruction> Write(EmotionProfile profile, SplitMix64 rng)
    {
        string question = EmotionQuestions[rng.NextInt(EmotionQuestions.Count)];
        string form = AnswerForms[FormDraw[rng.NextInt(FormDraw.Length)]];
        return
        [
            new(FaceTask, FaceQuestion, RationaleWriter.Fill(RationaleWriter.FaceSentences, profile.Levels)),
            new(VoiceTask, VoiceQuestion, RationaleWriter.Fill(RationaleWriter.VoiceSentence, profile.Levels)),
            new(EmotionTask, question, string.Format(form, profile.Label, Adjective(profile.Emotion))),
        ];
    }
}
