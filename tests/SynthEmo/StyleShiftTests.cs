using R1Omni.SynthEmo;
using Xunit.Abstractions;

namespace R1Omni.Tests.SynthEmo;

/// <summary>The test_ood split is out of distribution in both modalities: bluer pastel faces and a brighter voice.</summary>
[Collection("SynthEmo")]
public sealed class StyleShiftTests(SynthEmoWorlds worlds, ITestOutputHelper output)
{
    [Fact]
    public void OutOfDistributionFacesAreBluerAndVoicesBrighter()
    {
        var id = SynthEmoWorlds.Decode(worlds.A, SynthEmoWorlds.Lines(worlds.A, "test_id"));
        var ood = SynthEmoWorlds.Decode(worlds.A, SynthEmoWorlds.Lines(worlds.A, "test_ood"));
        double Blueness(DecodedClip c) { var (r, _, b) = MediaFeatures.CentreColour(c); return b - r; }
        double idBlue = id.Average(Blueness), oodBlue = ood.Average(Blueness);
        double idCentroid = id.Average(MediaFeatures.SpectralCentroid), oodCentroid = ood.Average(MediaFeatures.SpectralCentroid);
        output.WriteLine($"face centre B−R: in-distribution {idBlue:F1}, out-of-distribution {oodBlue:F1}; " +
                         $"spectral centroid: {idCentroid:F0} Hz vs {oodCentroid:F0} Hz");
        Assert.True(oodBlue > idBlue + 40, $"B−R {oodBlue:F1} (ood) vs {idBlue:F1} (id)");
        Assert.True(oodCentroid > 1.15 * idCentroid, $"spectral centroid {oodCentroid:F0} Hz (ood) vs {idCentroid:F0} Hz (id)");
        Assert.All(SynthEmoWorlds.Lines(worlds.A, "test_ood"), l => Assert.Equal(FaceStyle.OutOfDistribution.Name, l.GetProperty("style").GetString()));
    }
}
