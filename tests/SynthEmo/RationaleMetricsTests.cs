using R1Omni.Runtime;
using R1Omni.SynthEmo;

namespace R1Omni.Tests.SynthEmo;

public class RationaleMetricsTests
{
    static readonly EmotionProfile Disgust = CueTable.Of("disgust");

    const string DisgustRationale =
        "<think>The person's brows are lowered and drawn together, the eyes are narrowed, and the mouth is pressed tight. " +
        "The head shakes from side to side, and the face is flushed red. The voice is low-pitched with a falling intonation; " +
        "it sounds soft, slow and clear. Together, these facial and vocal cues suggest the emotion is disgust.</think>\n<answer>disgust</answer>";

    [Fact]
    public void EveryWrittenRationaleParsesBackToTheLevelsItStates()
    {
        var rng = new SplitMix64(11);
        foreach (var profile in CueTable.Profiles)
            for (int i = 0; i < 20; i++)
            {
                var rationale = RationaleWriter.Write(profile, wrongCueRate: 0.5, rng);
                Assert.Equal(rationale.Stated.Cast<Enum?>(), RationaleParser.Parse(rationale.Text));
            }
    }

    [Fact]
    public void AFaithfulConsistentRationaleScoresOne()
    {
        var score = RationaleMetrics.Score(DisgustRationale, "disgust", Disgust);
        Assert.Equal(new RationaleScore(1, 1, true, 10), score);
    }

    [Fact]
    public void WrongStatementsCountAgainstTheirModality()
    {
        // Brows and eyes of surprise, the pitch of happiness: two face and one voice statement contradict the clip.
        string text = DisgustRationale.Replace("lowered and drawn together", "raised high").Replace("the eyes are narrowed", "the eyes are wide open")
            .Replace("low-pitched", "high-pitched");
        var score = RationaleMetrics.Score(text, "disgust", Disgust);
        Assert.Equal(3 / 5.0, score.FaceFaithfulness, 12);
        Assert.Equal(4 / 5.0, score.VoiceFaithfulness, 12);
        Assert.Equal(10, score.Parsed);
        Assert.True(score.Consistent);   // disgust still agrees with seven statements, more than any other label
    }

    [Fact]
    public void MissingAndUnparsedStatementsCountAsNotMatching()
    {
        string text = "<think>The person's brows are furious, the eyes are narrowed, and the mouth is pressed tight. The voice is soft.</think>" +
                      "<answer>disgust</answer>";
        var score = RationaleMetrics.Score(text, "disgust", Disgust);
        Assert.Equal(2 / 5.0, score.FaceFaithfulness, 12);   // brows unparsed, head and tint missing
        Assert.Equal(0, score.VoiceFaithfulness);            // "The voice is soft." fits no slot of the grammar
        Assert.Equal(2, score.Parsed);
        Assert.True(score.Consistent);                       // eyes and mouth: angry and disgust tie, and disgust is one of them
        Assert.Equal(new RationaleScore(0, 0, false, 0), RationaleMetrics.Score("<answer>disgust</answer>", "disgust", Disgust));
    }

    [Fact]
    public void AnAnswerTheStatedCuesContradictIsInconsistent()
    {
        // The voice of anger (mid, falling, loud, fast, harsh) with the shared face: the cues imply angry, the answer says disgust.
        string text = DisgustRationale.Replace("low-pitched", "medium-pitched").Replace("soft, slow and clear", "loud, fast and harsh");
        var score = RationaleMetrics.Score(text, "disgust", Disgust);
        Assert.False(score.Consistent);
        Assert.Equal(["angry"], RationaleMetrics.Implied(RationaleParser.Parse(text)));
        Assert.Equal(1, score.FaceFaithfulness);
        Assert.Equal(1 / 5.0, score.VoiceFaithfulness, 12);   // only the falling intonation is disgust's
    }

    [Fact]
    public void ModalityPairsComeFromTheCueTable()
    {
        Assert.Equal(["angry", "disgust"], RationaleMetrics.AudioOnlyLabels);
        Assert.Equal(["happy", "sad", "surprise", "fear"], RationaleMetrics.VideoOnlyLabels);
        (string, string)[] items = [("angry", "angry"), ("disgust", "angry"), ("happy", "happy"), ("neutral", "sad")];
        Assert.Equal(0.5, RationaleMetrics.Accuracy(items, RationaleMetrics.AudioOnlyLabels));
        Assert.Equal(1.0, RationaleMetrics.Accuracy(items, RationaleMetrics.VideoOnlyLabels));
    }
}
