using R1Omni.SynthEmo;
using Xunit.Abstractions;

namespace R1Omni.Tests.SynthEmo;

/// <summary>
/// Labels are recoverable from the rendered media: a nearest-centroid classifier on trivial features, fitted on
/// world A and scored on world B (another seed), beats chance with video alone and audio alone, and the two
/// together beat either, because the cue table hides some pairs from each modality. The single-modality mistakes
/// are exactly the pairs that modality cannot see.
/// </summary>
[Collection("SynthEmo")]
public sealed class CueRecoveryTests(SynthEmoWorlds worlds, ITestOutputHelper output)
{
    sealed record Sample(string Label, double[] Video, double[] Audio)
    {
        public double[] Both => [.. Video, .. Audio];
    }

    static List<Sample> Samples(SynthEmoResult world)
    {
        var lines = SynthEmoWorlds.Lines(world, SynthEmoWorlds.InDistributionSplits);
        var clips = SynthEmoWorlds.Decode(world, lines);
        return lines.Select((l, i) => new Sample(l.GetProperty("label").GetString()!, MediaFeatures.Video(clips[i]), MediaFeatures.Audio(clips[i]))).ToList();
    }

    [Fact]
    public void NearestCentroidOnEachModalityBeatsChanceAndBothBeatEither()
    {
        var train = Samples(worlds.A);
        var test = Samples(worlds.B);
        var labels = train.Select(s => s.Label).ToList();
        (double Accuracy, List<(string Truth, string Predicted)> Errors) Score(Func<Sample, double[]> features)
        {
            var classifier = new NearestCentroid(train.Select(features).ToList(), labels);
            var errors = test.Select(s => (Truth: s.Label, Predicted: classifier.Predict(features(s)))).Where(p => p.Truth != p.Predicted).ToList();
            return (1 - errors.Count / (double)test.Count, errors);
        }
        var video = Score(s => s.Video);
        var audio = Score(s => s.Audio);
        var both = Score(s => s.Both);
        output.WriteLine($"nearest-centroid accuracy on {test.Count} clips: video {video.Accuracy:P1}, audio {audio.Accuracy:P1}, " +
                         $"both {both.Accuracy:P1} (chance {1.0 / 7:P1})");
        Assert.Equal(CueTable.Labels.Count * 5, test.Count);
        Assert.True(video.Accuracy > 2.0 / 7, $"video accuracy {video.Accuracy:P1}");
        Assert.True(audio.Accuracy > 2.0 / 7, $"audio accuracy {audio.Accuracy:P1}");
        Assert.True(both.Accuracy > Math.Max(video.Accuracy, audio.Accuracy),
            $"both {both.Accuracy:P1} should beat video {video.Accuracy:P1} and audio {audio.Accuracy:P1}");
        Assert.All(video.Errors, e => Assert.Equal(CueTable.Of(e.Truth).Face, CueTable.Of(e.Predicted).Face));
        Assert.All(audio.Errors, e => Assert.Equal(CueTable.Of(e.Truth).Voice, CueTable.Of(e.Predicted).Voice));
    }
}
