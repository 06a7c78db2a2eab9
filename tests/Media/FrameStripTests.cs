using R1Omni.Media;

namespace R1Omni.Tests.Media;

public class FrameStripTests
{
    [Fact]
    public void FramesSitSideBySideWithWhiteGaps()
    {
        var red = RgbImage.Filled(2, 3, 255, 0, 0);
        var blue = RgbImage.Filled(2, 1, 0, 0, 255);
        var strip = FrameStrip.Compose([red, blue], gap: 2);

        Assert.Equal((2, 6), (strip.Height, strip.Width));
        byte[] Pixel(int y, int x) => strip.Pixels[((y * strip.Width + x) * 3)..((y * strip.Width + x) * 3 + 3)];
        for (int y = 0; y < 2; y++)
        {
            Assert.Equal(new byte[] { 255, 0, 0 }, Pixel(y, 2));
            Assert.Equal(new byte[] { 255, 255, 255 }, Pixel(y, 3));
            Assert.Equal(new byte[] { 255, 255, 255 }, Pixel(y, 4));
            Assert.Equal(new byte[] { 0, 0, 255 }, Pixel(y, 5));
        }
    }

    [Fact]
    public void FramesOfAnotherHeightAreAnError()
    {
        var e = Assert.Throws<R1OmniException>(() => FrameStrip.Compose([RgbImage.Filled(2, 2, 0, 0, 0), RgbImage.Filled(3, 2, 0, 0, 0)]));
        Assert.Contains("2 pixels high", e.Message);
        Assert.Throws<R1OmniException>(() => FrameStrip.Compose([]));
    }
}
