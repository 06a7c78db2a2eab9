using R1Omni.Models.Projector;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace R1Omni.Tests.Models.Projector;

/// <summary>The all_in_one_small projector against the unmodified HumanOmni code (timm 1.0.3), fp32, from vision.features.</summary>
public class AllInOneSmallParityTests(ITestOutputHelper output)
{
    static AllInOneSmall LoadedProjector()
    {
        var projector = AllInOneSmall.FromConfig(HumanOmniCase.Config());
        using var reader = HumanOmniCase.Weights();
        projector.LoadWeights(reader);
        return projector;
    }

    void AssertClose(string name, Tensor actual)
    {
        using var expected = HumanOmniCase.Expected(name);
        double maxDiff = HumanOmniCase.MaxDiff(actual, expected);
        output.WriteLine($"{name}: max |Δ| = {maxDiff:E2}");
        Assert.True(maxDiff <= HumanOmniCase.Tolerance, $"{name}: max |Δ| = {maxDiff:E2} > {HumanOmniCase.Tolerance:E0}");
    }

    [Theory]
    [InlineData("projector.video")]
    [InlineData("projector.body")]
    [InlineData("projector.face")]
    public void BranchMatchesTheReference(string name)
    {
        using var projector = LoadedProjector();
        using var features = HumanOmniCase.Expected("vision.features").unsqueeze(0);   // one video [1, T, P, Dv]
        using var _ = inference_mode();
        using var tokens = name switch
        {
            "projector.video" => projector.Video(features),
            "projector.body" => projector.Body(features),
            _ => projector.Face(features),
        };
        AssertClose(name, tokens.squeeze(0));
    }

    [Fact]
    public void FaceMlpMatchesTheReferenceBeforePooling()
    {
        using var projector = LoadedProjector();
        using var features = HumanOmniCase.Expected("vision.features");
        using var _ = inference_mode();
        using var h = projector.FaceMlp.forward(features);
        AssertClose("projector.face_mlp", h);
    }

    [Fact]
    public void FusedTokensFromTheGateOnBertClsMatchTheReference()
    {
        using var projector = LoadedProjector();
        using var gate = new BertGate(HumanOmniCase.Bert().HiddenSize);
        using (var reader = HumanOmniCase.Weights()) gate.LoadWeights(reader);
        using var features = HumanOmniCase.Expected("vision.features").unsqueeze(0);
        using var cls = HumanOmniCase.Expected("bert.cls").unsqueeze(0);
        using var _ = inference_mode();
        using var probs = gate.Probabilities(cls);
        using var fused = projector.forward(features, probs);
        AssertClose("projector.fused", fused.squeeze(0));
    }

    [Fact]
    public void TokenCountFollowsTheFrameMajorLayout()
    {
        using var features = HumanOmniCase.Expected("vision.features");
        using var expected = HumanOmniCase.Expected("projector.fused");
        Assert.Equal(expected.shape[0], AllInOneSmall.TokenCount(features.shape[0], features.shape[1]));
        Assert.Equal(392, AllInOneSmall.TokenCount(8, 196)); // 8 frames × 7×7 (14×14 SigLIP patches, 2×2 down-sampled)
    }

    [Fact]
    public void BatchedVideosGiveTheSameTokensAsOneAtATime()
    {
        using var projector = LoadedProjector();
        using var features = HumanOmniCase.Expected("vision.features").unsqueeze(0);
        using var _ = inference_mode();
        using var pair = cat([features, features.flip(1)], 0);    // second video: frames reversed
        using var probs = tensor(new float[] { 0.2f, 0.3f, 0.5f, 0.6f, 0.3f, 0.1f }).view(2, 3);
        using var batched = projector.forward(pair, probs);
        for (int i = 0; i < 2; i++)
        {
            using var single = projector.forward(pair.narrow(0, i, 1), probs.narrow(0, i, 1));
            Assert.True(HumanOmniCase.MaxDiff(batched.narrow(0, i, 1), single) <= 1e-5);
        }
    }
}
