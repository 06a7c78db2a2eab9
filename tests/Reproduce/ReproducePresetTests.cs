using System.Text.Json;
using R1Omni.Reproduce;
using R1Omni.SynthEmo;

namespace R1Omni.Tests.Reproduce;

/// <summary>Presets by name, and the larger-RL-split variant: only rl_train and what reads it change.</summary>
public class ReproducePresetTests
{
    [Fact]
    public void RlVariantChangesOnlyTheRlSplitAndTheProbeInterval()
    {
        var plain = ReproducePreset.Default(3);
        var variant = ReproducePreset.Named("default-rl16", 3);
        Assert.Equal("default-rl16", variant.Name);
        Assert.Equal(plain.World with { PerClassRl = 16 }, variant.World);
        Assert.Equal(1, variant.ProbeSteps);                                      // a quarter of the GRPO steps, as many probe points
        Assert.Equal(plain with { Name = variant.Name, World = variant.World, ProbeSteps = 1, Model = variant.Model }, variant);
        foreach (var split in SynthEmoSplit.All.Where(s => s != SynthEmoSplit.RlTrain))
            Assert.Equal(JsonSerializer.Serialize(ClipPlanner.Plan(plain.World, split)), JsonSerializer.Serialize(ClipPlanner.Plan(variant.World, split)));
        Assert.Equal(64 * 7, ClipPlanner.Plan(plain.World, SynthEmoSplit.RlTrain).Count);
        Assert.Equal(16 * 7, ClipPlanner.Plan(variant.World, SynthEmoSplit.RlTrain).Count);
        Assert.NotEqual(plain.World.Hash, variant.World.Hash);
    }

    [Fact]
    public void ThePresetsOwnRlSizeIsThePresetItselfAndBadNamesAreRefused()
    {
        var same = ReproducePreset.Named("default-rl64", 0);
        Assert.Equal(("default", ReproducePreset.Default(0).World, 4), (same.Name, same.World, same.ProbeSteps));
        var quick = ReproducePreset.Named("quick-rl4", 0);
        Assert.Equal((4, 2), (quick.World.PerClassRl, quick.ProbeSteps));
        Assert.Contains("rl_train clips per class", Assert.ThrowsAny<R1OmniException>(() => ReproducePreset.Named("default-rl0", 0)).Message);
        foreach (string name in new[] { "fast", "default-rl", "default-rlx", "fast-rl32", "default-rl64-rl32", "default-rl+8" })
            Assert.Contains("unknown reproduce preset", Assert.ThrowsAny<R1OmniException>(() => ReproducePreset.Named(name, 0)).Message);
    }

    [Fact]
    public void PretrainVariantChangesOnlyThePretrainSplitAndComposesAfterTheRlSize()
    {
        var plain = ReproducePreset.Default(3);
        var variant = ReproducePreset.Named("default-pt256", 3);
        Assert.Equal(("default-pt256", plain.World with { PerClassPretrain = 256 }), (variant.Name, variant.World));
        Assert.Equal(plain with { Name = variant.Name, World = variant.World, Model = variant.Model }, variant);
        foreach (var split in SynthEmoSplit.All.Where(s => s != SynthEmoSplit.Pretrain))
            Assert.Equal(JsonSerializer.Serialize(ClipPlanner.Plan(plain.World, split)), JsonSerializer.Serialize(ClipPlanner.Plan(variant.World, split)));
        Assert.Equal(256 * 7, ClipPlanner.Plan(variant.World, SynthEmoSplit.Pretrain).Count);

        var both = ReproducePreset.Named("default-rl16-pt128", 0);
        Assert.Equal(("default-rl16-pt128", 16, 128, 1), (both.Name, both.World.PerClassRl, both.World.PerClassPretrain, both.ProbeSteps));
        Assert.Equal("default", ReproducePreset.Named("default-pt64", 0).Name);
        Assert.Contains("pretrain clips per class", Assert.ThrowsAny<R1OmniException>(() => ReproducePreset.Named("default-pt0", 0)).Message);
        Assert.Contains("rl_train clips per class", Assert.ThrowsAny<R1OmniException>(() => ReproducePreset.Named("default-rl99999999999", 0)).Message);
        foreach (string name in new[] { "default-pt", "default-pt64-rl16", "default-pt8-pt16", "quick-ptx" })
            Assert.Contains("unknown reproduce preset", Assert.ThrowsAny<R1OmniException>(() => ReproducePreset.Named(name, 0)).Message);
    }
}
