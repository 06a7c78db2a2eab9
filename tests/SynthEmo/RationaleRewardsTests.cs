using R1Omni.Data;
using R1Omni.SynthEmo;
using R1Omni.Training.Grpo;

namespace R1Omni.Tests.SynthEmo;

/// <summary>cue_faithfulness, voice_cues and consistency on hand-written rationales for a disgust clip.</summary>
public class RationaleRewardsTests
{
    static readonly EmotionProfile Disgust = CueTable.Of("disgust");

    /// <summary>An RL item for a disgust clip, its cue levels in its metadata as SynthEmo's RL data carries them.</summary>
    static readonly ManifestItem Item = new()
    {
        Id = "rl/disgust", Video = "/clips/disgust.mp4", Source = "synthemo", Label = "disgust",
        Meta = Disgust.Levels.ToDictionary(CueLevels.MetaKey, CuePhrases.Name),
    };

    static string Think(string face, string voice, string answer) => $"<think>{face} {voice} So it is {answer}.</think>\n<answer>{answer}</answer>";

    static readonly string Face = RationaleWriter.Fill(RationaleWriter.FaceSentences, Disgust.Levels);
    static readonly string Voice = RationaleWriter.Fill(RationaleWriter.VoiceSentence, Disgust.Levels);

    static double Reward(IRewardFunction f, string completion) => f.Score([completion], [Item])[0];

    [Fact]
    public void AFaithfulRationaleEarnsEveryCue()
    {
        string faithful = Think(Face, Voice, "disgust");
        Assert.Equal(1.0, Reward(new CueFaithfulnessReward(), faithful), 12);
        Assert.Equal(1.0, Reward(new VoiceCueReward(), faithful), 12);
        Assert.Equal(1.0, Reward(new ConsistencyReward(), faithful));
    }

    [Fact]
    public void WrongStatementsArePenalisedAndMissingOnesEarnNothing()
    {
        // Two face cues of surprise instead of disgust's (raised brows, wide eyes): 8 right, 2 wrong.
        var wrongLevels = Disgust.Levels.ToArray();
        wrongLevels[0] = BrowPose.Raised;
        wrongLevels[1] = EyeState.Wide;
        string wrongFace = RationaleWriter.Fill(RationaleWriter.FaceSentences, wrongLevels);
        Assert.Equal(0.6, Reward(new CueFaithfulnessReward(), Think(wrongFace, Voice, "disgust")), 12);
        Assert.Equal(1.0, Reward(new VoiceCueReward(), Think(wrongFace, Voice, "disgust")), 12);

        // No voice sentence: half the cues unstated, nothing for the voice.
        Assert.Equal(0.5, Reward(new CueFaithfulnessReward(), Think(Face, "", "disgust")), 12);
        Assert.Equal(0.0, Reward(new VoiceCueReward(), Think(Face, "", "disgust")), 12);

        // A voice described as another clip's (angry: loud, fast, harsh...): penalised on every contradicted cue.
        string angryVoice = RationaleWriter.Fill(RationaleWriter.VoiceSentence, CueTable.Of("angry").Levels);
        int differing = Enumerable.Range(5, 5).Count(i => !Equals(CueTable.Of("angry").Levels[i], Disgust.Levels[i]));
        Assert.True(differing > 0);
        Assert.Equal((5 - 2.0 * differing) / 5, Reward(new VoiceCueReward(), Think(Face, angryVoice, "disgust")), 12);

        // No rationale at all: nothing stated, nothing earned.
        Assert.Equal(0.0, Reward(new CueFaithfulnessReward(), "<answer>disgust</answer>"));
    }

    [Fact]
    public void ConsistencyAsksWhetherTheAnswerFollowsFromTheStatedCues()
    {
        // The cues say disgust, the answer says angry: contradictory.
        Assert.Equal(0.0, Reward(new ConsistencyReward(), Think(Face, Voice, "angry")));
        // With the face alone, angry and disgust are equally implied (they share every face cue): either answer is consistent.
        Assert.Equal(1.0, Reward(new ConsistencyReward(), Think(Face, "", "angry")));
        Assert.Equal(1.0, Reward(new ConsistencyReward(), Think(Face, "", "disgust")));
        // No answer tag, or no parsed cue: not consistent.
        Assert.Equal(0.0, Reward(new ConsistencyReward(), $"<think>{Face} {Voice}</think> disgust"));
        Assert.Equal(0.0, Reward(new ConsistencyReward(), "<think>I cannot tell.</think>\n<answer>disgust</answer>"));
    }

    [Fact]
    public void TheRewardsAreFoundByNameAndNeedTheClipsCues()
    {
        var rewards = RewardFunctions.Create(["cue_faithfulness", "voice_cues", "consistency"], "cfg.json: rewards");
        Assert.Equal(["cue_faithfulness", "voice_cues", "consistency"], rewards.Select(r => r.Name));
        var bare = Item with { Meta = new Dictionary<string, string>() };
        var e = Assert.Throws<R1OmniException>(() => new CueFaithfulnessReward().Score([Think(Face, Voice, "disgust")], [bare]));
        Assert.StartsWith("reward 'cue_faithfulness': item 'rl/disgust' has no 'cue.brows' metadata", e.Message);
        var typo = Item with { Meta = new Dictionary<string, string>(Item.Meta) { ["cue.eyes"] = "squinting" } };
        Assert.Contains("'cue.eyes' is 'squinting', expected one of", Assert.Throws<R1OmniException>(() => new VoiceCueReward().Score([""], [typo])).Message);
    }
}
