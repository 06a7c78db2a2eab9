using R1Omni.SynthEmo;

namespace R1Omni.Tests.SynthEmo;

/// <summary>Planning: sizes per split, class balance, unique ids, styles, and seed dependence (no rendering).</summary>
public sealed class ClipPlannerTests
{
    static readonly SynthEmoOptions Options = new() { Seed = 3, PerClassColdStart = 2, PerClassRl = 5, PerClassTest = 3, PerClassOod = 4 };

    [Fact]
    public void SplitsAreClassBalancedWithTheRequestedSizes()
    {
        var plan = ClipPlanner.Plan(Options);
        foreach (var split in SynthEmoSplit.All)
        {
            var clips = plan.Where(c => c.Split == split).ToList();
            Assert.Equal(7 * Options.PerClass(split), clips.Count);
            Assert.All(clips.GroupBy(c => c.Emotion), g => Assert.Equal(Options.PerClass(split), g.Count()));
            Assert.All(clips, c => Assert.Equal(split == SynthEmoSplit.ColdStart, c.Rationale is not null));
        }
        Assert.Equal(plan.Count, plan.Select(c => c.Id).Distinct().Count());
        Assert.All(plan, c => Assert.Equal($"clips/{c.Split.Name}/{c.Id}.mp4", c.Video));
    }

    [Fact]
    public void OnlyTheOodSplitUsesTheOtherStyles()
    {
        foreach (var clip in ClipPlanner.Plan(Options))
        {
            bool ood = clip.Split == SynthEmoSplit.TestOod;
            Assert.Equal(ood ? FaceStyle.OutOfDistribution : FaceStyle.InDistribution, clip.Split.FaceStyle);
            var voice = ood ? VoiceStyle.OutOfDistribution : VoiceStyle.InDistribution;
            Assert.Equal(voice, clip.Split.VoiceStyle);
            Assert.InRange(clip.Voice.FormantScale / voice.FormantScale, 0.94, 1.06);
            Assert.Equal(voice.BandwidthScale, clip.Voice.BandwidthScale);
        }
    }

    [Fact]
    public void PlanDependsOnTheSeedAndOnNothingElseRandom()
    {
        Assert.Equal(ClipPlanner.Plan(Options).Select(Describe), ClipPlanner.Plan(Options).Select(Describe));
        Assert.NotEqual(ClipPlanner.Plan(Options).Select(Describe), ClipPlanner.Plan(Options with { Seed = 4 }).Select(Describe));
        // Parallelism and the ffmpeg path do not change the content hash; content settings do.
        Assert.Equal(Options.Hash, (Options with { MaxParallelism = 1, Ffmpeg = "/opt/ffmpeg" }).Hash);
        Assert.NotEqual(Options.Hash, (Options with { WrongCueRate = 0.3 }).Hash);
        Assert.NotEqual(Options.Hash, (Options with { Format = Options.Format with { Fps = 12 } }).Hash);
    }

    static string Describe(ClipSpec c) => $"{c.Id} {c.Emotion} {c.Face} {c.Voice} {c.Rationale?.Text}";

    [Theory]
    [InlineData("clips per class for rl_train", -1, 0.1, 112)]
    [InlineData("wrong-cue rate", 5, 1.5, 112)]
    [InlineData("clip size 111x111", 5, 0.1, 111)]
    public void BadOptionsAreErrorsNamingTheSetting(string expected, int perClassRl, double rate, int size)
    {
        var options = new SynthEmoOptions { PerClassRl = perClassRl, WrongCueRate = rate, Format = new ClipFormat(size, size) };
        var e = Assert.Throws<R1OmniException>(options.Validate);
        Assert.Contains(expected, e.Message);
    }
}
