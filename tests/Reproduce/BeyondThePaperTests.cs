using R1Omni.Reproduce;

namespace R1Omni.Tests.Reproduce;

public class BeyondThePaperTests
{
    static BeyondRow Row(int seed, string variant, double idUar, double voice, double drop) =>
        new(seed, variant, idUar, 40, 50, voice, 60, 55, drop);

    [Fact]
    public void ChangesArePairedPerSeedAndTheConclusionSaysWhereAnInterventionDidNotHelp()
    {
        var rows = new[]
        {
            Row(0, BeyondThePaper.Plain, 50, 40, 0.10), Row(1, BeyondThePaper.Plain, 60, 42, 0.20), Row(2, BeyondThePaper.Plain, 55, 44, 0.30),
            Row(0, BeyondThePaper.VoiceRewards, 48, 50, 0.15), Row(1, BeyondThePaper.VoiceRewards, 62, 52, 0.25), Row(2, BeyondThePaper.VoiceRewards, 52, 50, 0.40),
        };
        var changes = BeyondThePaper.Changes(rows);
        var uar = changes.Single(c => c.Column == "id_uar");
        Assert.Equal([-2.0, 2.0, -3.0], uar.Differences);
        Assert.Equal(-1.0, uar.Mean, 12);
        Assert.Equal(1, uar.Positive);
        var voice = changes.Single(c => c.Column == "id_voice_faithfulness");
        Assert.Equal((10 + 10 + 6) / 3.0, voice.Mean, 12);

        string text = BeyondThePaper.Conclusion(rows);
        Assert.Contains("+ voice-cue reward vs plain GRPO:", text);
        Assert.Contains("id_uar: -1.0 ± 2.65 (higher at 1 of 3 seeds)", text);
        Assert.Contains("id_voice_faithfulness: +8.7 ± 2.31 (higher at every seed)", text);
        Assert.Contains("ood_uar: 0.0 ± 0.00 (lower or equal at every seed)", text);
        Assert.DoesNotContain("rationale rewards", text);   // not measured, not reported

        string dir = TestPaths.NewTempDir();
        BeyondThePaper.Write(dir, rows);
        var summary = File.ReadAllLines(Path.Combine(dir, "summary.csv"));
        Assert.StartsWith("variant,seeds,id_uar_mean,id_uar_sd,", summary[0]);
        Assert.StartsWith($"{BeyondThePaper.Plain},0 1 2,55.00,5.00,", summary[1]);
    }

    [Fact]
    public void TheVariantsAreThePaperRewardsPlusEachIntervention()
    {
        Assert.Equal([BeyondThePaper.Plain, BeyondThePaper.RationaleRewards, BeyondThePaper.VoiceRewards], BeyondThePaper.Variants.Select(v => v.Name));
        Assert.True(BeyondThePaper.Variants[0].Ablation.IsReference);
        Assert.Equal("ablation-rewards-accuracy+format+cue_faithfulness+consistency", BeyondThePaper.Variants[1].Ablation.RunName);
        Assert.Equal("ablation-rewards-accuracy+format+voice_cues", BeyondThePaper.Variants[2].Ablation.RunName);
    }
}
