using R1Omni.Media;

namespace R1Omni.Tests.Media;

public class RealFftTests
{
    [Theory]
    [InlineData(400)] // Whisper's n_fft: 200 = 4·2·5·5
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(22)] // an odd prime (11) half-length
    [InlineData(96)]
    public void PowerSpectrumMatchesADirectDft(int n)
    {
        var rng = new Random(n);
        double[] x = [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1)];
        var fft = new RealFft(n);
        var power = new double[fft.Bins];
        fft.PowerSpectrum(x, power, new double[fft.ScratchLength]);

        for (int k = 0; k <= n / 2; k++)
        {
            double re = 0, im = 0;
            for (int t = 0; t < n; t++)
            {
                double angle = 2 * Math.PI * ((long)k * t % n) / n;
                re += x[t] * Math.Cos(angle);
                im -= x[t] * Math.Sin(angle);
            }
            double expected = re * re + im * im;
            Assert.True(Math.Abs(power[k] - expected) <= 1e-12 * Math.Max(1, expected), $"n={n} k={k}: {power[k]} vs {expected}");
        }
    }

    [Fact]
    public void OddLengthIsAnError() => Assert.Throws<R1OmniException>(() => new RealFft(401));
}
