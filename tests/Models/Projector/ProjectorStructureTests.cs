using R1Omni.Checkpoints;
using R1Omni.Models.Projector;
using static TorchSharp.torch;

namespace R1Omni.Tests.Models.Projector;

/// <summary>Parameter names and shapes against the checkpoint layout (timm 1.0.3's names) and the parameter counts;
/// rejected configurations.</summary>
public class ProjectorStructureTests
{
    static SortedSet<string> ModuleEntries(nn.Module module) =>
        new(StateDict.Of(module).Select(p => $"{p.Key} [{string.Join(", ", p.Value.shape)}]"), StringComparer.Ordinal);

    static SortedSet<string> CheckpointEntries(CheckpointReader reader, string prefix) =>
        new(reader.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
                       .Select(k => $"{k[prefix.Length..]} [{string.Join(", ", reader.Info(k).Shape)}]"), StringComparer.Ordinal);

    [Fact]
    public void ParameterNamesAndShapesEqualTheCheckpoint()
    {
        var config = HumanOmniCase.Config();
        using var reader = HumanOmniCase.Weights();
        using var projector = AllInOneSmall.FromConfig(config);
        using var audio = AudioProjector.FromConfig(config);
        using var gate = new BertGate(HumanOmniCase.Bert().HiddenSize);
        foreach (var (module, prefix) in new (nn.Module, string)[]
                 { (projector, AllInOneSmall.CheckpointPrefix), (audio, AudioProjector.CheckpointPrefix), (gate, BertGate.CheckpointPrefix) })
        {
            var expected = CheckpointEntries(reader, prefix);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, ModuleEntries(module));
        }
    }

    [Fact]
    public void RealSizeParameterCountsMatchAppendixB()
    {
        // HumanOmni-0.5B: SigLIP-B/16 features (768), Qwen2.5-0.5B width (896), Whisper-large-v3 (1280), BERT-base (768).
        using var projector = new AllInOneSmall(768, 896);
        using var audio = new AudioProjector(1280, 896);
        using var gate = new BertGate(768);
        Assert.Equal(34_762_944, Count(projector));
        Assert.Equal(1_951_488, Count(audio));
        Assert.Equal(2_766_851, Count(gate));

        var shapes = StateDict.Of(projector).ToDictionary(p => p.Key, p => p.Value.shape);
        Assert.Equal([192L, 896, 1, 1], shapes["s1_video.b1.se.fc1.weight"]);   // SE width from the block input (768)
        Assert.Equal([224L, 896, 1, 1], shapes["s1_body.b2.se.fc1.weight"]);
        Assert.Equal([896L, 1, 3, 3], shapes["s2_video.b1.conv2.conv.weight"]);  // depthwise
        Assert.Equal([896L, 768, 1, 1], shapes["s1_body.b1.downsample.conv.weight"]);
        Assert.Equal([896L, 896, 2, 2, 2], shapes["sampler_video.0.weight"]);
        Assert.DoesNotContain("s1_video.b2.downsample.conv.weight", shapes.Keys);
        Assert.DoesNotContain(shapes.Keys, k => k.StartsWith("s2_", StringComparison.Ordinal) && k.Contains(".downsample."));
    }

    static long Count(nn.Module module) => module.parameters().Sum(p => p.numel());

    [Fact]
    public void UnsupportedProjectorTypesAreRejectedByName()
    {
        var config = HumanOmniCase.Config();
        var e = Assert.Throws<R1OmniException>(() => AllInOneSmall.FromConfig(config with { MmProjectorType = "all_in_one" }));
        Assert.Contains("mm_projector_type 'all_in_one'", e.Message);
        Assert.Contains("'all_in_one_small'", e.Message);
        var a = Assert.Throws<R1OmniException>(() => AudioProjector.FromConfig(config with { MmAudioProjectorType = "linear" }));
        Assert.Contains("mm_audio_projector_type 'linear'", a.Message);
        Assert.Contains("'mlp2x_gelu'", a.Message);
    }

    [Theory]
    [InlineData(8, 35, 32)]    // not a square grid
    [InlineData(8, 49, 32)]    // odd grid: the video and face branches would disagree on the token count
    [InlineData(8, 36, 33)]    // wrong feature width
    public void MalformedVisionFeaturesAreRejected(int frames, int patches, int width)
    {
        using var projector = AllInOneSmall.FromConfig(HumanOmniCase.Config() with { MmHiddenSize = 32 });
        using var features = zeros(1, frames, patches, width);
        var e = Assert.Throws<R1OmniException>(() => projector.Video(features));
        Assert.Contains("mm_hidden_size", e.Message);
        using var probs = ones(2, 3);
        using var good = zeros(1, 8, 36, 32);
        var p = Assert.Throws<R1OmniException>(() => projector.forward(good, probs));
        Assert.Contains("[1, 3]", p.Message);
    }
}
