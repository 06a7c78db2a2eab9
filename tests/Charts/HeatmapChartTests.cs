using R1Omni.Charts;

namespace R1Omni.Tests.Charts;

public class HeatmapChartTests
{
    [Fact]
    public void SpectrogramKeepsTheFramesOfTheAudioOnly()
    {
        var mel = new float[3, 3000];
        for (int b = 0; b < 3; b++)
            for (int t = 0; t < 3000; t++) mel[b, t] = b + t / 1000f;

        var f = HeatmapChart.Spectrogram("log-mel", mel, seconds: 0.025);   // 2.5 frames of 10 ms → 3

        var trace = f.Data.Single()!;
        var z = trace["z"]!.AsArray();
        Assert.Equal(3, z.Count);
        Assert.Equal("[2,2.001,2.002]", z[2]!.ToJsonString());
        Assert.Equal(0.01, (double)trace["dx"]!);
        Assert.Equal(0.0, (double)trace["x0"]!);
        Assert.Equal("time (s)", (string?)f.Layout["xaxis"]!["title"]!["text"]);
        Assert.Throws<R1OmniException>(() => HeatmapChart.Spectrogram("x", mel, 0));
    }

    [Fact]
    public void NonFiniteCellsBecomeGaps()
    {
        var f = HeatmapChart.Create("h", new float[,] { { 1, float.NaN }, { float.PositiveInfinity, 0.5f } }, "x", "y");
        Assert.Equal("[[1,null],[null,0.5]]", f.Data[0]!["z"]!.ToJsonString());
    }
}
