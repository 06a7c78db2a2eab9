using R1Omni.Media;
using TorchSharp;
using Xunit.Abstractions;

namespace R1Omni.Tests.Media;

public class ImagePreprocessorTests(ITestOutputHelper output)
{
    static readonly Lazy<Dictionary<string, FixtureTensor>> Expected =
        new(() => FixtureTensors.Safetensors(TestPaths.Fixture("media", "siglip_preprocess", "expected.safetensors.gz")));

    static readonly Lazy<RgbImage> Image = new(() =>
    {
        var t = FixtureTensors.Safetensors(TestPaths.Fixture("media", "siglip_preprocess", "inputs.safetensors.gz"))["image_rgb"];
        Assert.Equal([183L, 257L, 3L], t.Shape);
        return new RgbImage(t.Bytes(), 183, 257);
    });

    static ImagePreprocessor Processor() =>
        new(SiglipImageProcessorConfig.Load(TestPaths.Fixture("media", "siglip_preprocess", "preprocessor_config.json")));

    [Fact]
    public void SquashMatchesPillowAndSiglipExactly()
    {
        var processor = Processor();
        Assert.Equal(Expected.Value["resized_squash_u8"].Bytes(), processor.Resize(Image.Value, ImageFraming.Squash).Pixels);
        AssertPixelValues("pixel_values_squash", processor.PreprocessArray(Image.Value, ImageFraming.Squash));
    }

    [Fact]
    public void PadToSquareMatchesExpand2SquareThenPillowExactly()
    {
        var processor = Processor();
        Assert.Equal([127, 127, 127], processor.PadColour);

        RgbImage padded = processor.ExpandToSquare(Image.Value);
        Assert.Equal((257, 257), (padded.Height, padded.Width));
        Assert.Equal(Expected.Value["padded_rgb_u8"].Bytes(), padded.Pixels);

        Assert.Equal(Expected.Value["resized_pad_u8"].Bytes(), processor.Resize(Image.Value, ImageFraming.PadToSquare).Pixels);
        AssertPixelValues("pixel_values_pad", processor.PreprocessArray(Image.Value, ImageFraming.PadToSquare));
    }

    [Fact]
    public void TallImagesArePastedAtHalfTheWidthDifference()
    {
        // The transposed fixture is taller than wide: expand2square pastes it at ((H−W)//2, 0).
        RgbImage tall = Transpose(Image.Value);
        RgbImage padded = new ImagePreprocessor().ExpandToSquare(tall);
        var expected = new RgbImage(Expected.Value["padded_rgb_u8"].Bytes(), 257, 257);
        Assert.Equal(Transpose(expected).Pixels, padded.Pixels);
    }

    [Fact]
    public void TensorsHaveChwAndStackedShapes()
    {
        var processor = new ImagePreprocessor();
        using var single = processor.Preprocess(Image.Value, ImageFraming.Squash);
        Assert.Equal([3L, 224L, 224L], single.shape);
        Assert.Equal(torch.float32, single.dtype);
        Assert.Equal(Expected.Value["pixel_values_squash"].Floats(), single.data<float>().ToArray());

        RgbImage black = RgbImage.Filled(183, 257, 0, 0, 0);
        using var batch = processor.PreprocessBatch([Image.Value, black], ImageFraming.PadToSquare);
        Assert.Equal([2L, 3L, 224L, 224L], batch.shape);
        float[] values = batch.data<float>().ToArray();
        Assert.Equal(Expected.Value["pixel_values_pad"].Floats(), values[..(3 * 224 * 224)]);
        Assert.Equal(processor.PreprocessArray(black, ImageFraming.PadToSquare), values[(3 * 224 * 224)..]);
    }

    [Fact]
    public void SameSizeResizeIsACopy()
    {
        RgbImage copy = PillowResize.Bicubic(Image.Value, 257, 183);
        Assert.NotSame(Image.Value.Pixels, copy.Pixels);
        Assert.Equal(Image.Value.Pixels, copy.Pixels);
    }

    [Fact]
    public void WrongBufferSizeIsAnError()
    {
        var e = Assert.Throws<R1OmniException>(() => new RgbImage(new byte[100], 10, 10));
        Assert.Contains("300 bytes", e.Message);
        Assert.Contains("got 100", e.Message);
    }

    [Fact]
    public void UnsupportedConfigValuesAreErrorsNamingTheKey()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "preprocessor_config.json");
        File.WriteAllText(path, """{"resample": 2, "size": {"height": 224, "width": 224}}""");
        var e = Assert.Throws<R1OmniException>(() => SiglipImageProcessorConfig.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("\"resample\"", e.Message);

        File.WriteAllText(path, """{"size": {"shortest_edge": 224}}""");
        Assert.Contains("\"size\"", Assert.Throws<R1OmniException>(() => SiglipImageProcessorConfig.Load(path)).Message);

        File.WriteAllText(path, """{"image_mean": [0.5, 0.5]}""");
        Assert.Contains("field 'image_mean' must be a number or a list of 3 numbers", Assert.Throws<R1OmniException>(() => SiglipImageProcessorConfig.Load(path)).Message);
    }

    void AssertPixelValues(string name, float[] actual)
    {
        float[] expected = Expected.Value[name].Floats();
        Assert.Equal(expected.Length, actual.Length);
        double worst = expected.Zip(actual).Max(p => Math.Abs((double)p.First - p.Second));
        output.WriteLine($"{name}: max |diff| {worst:E2}");
        Assert.True(worst <= 1e-7, $"{name}: max |diff| {worst:E2}");
    }

    static RgbImage Transpose(RgbImage image)
    {
        var pixels = new byte[image.Pixels.Length];
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
                for (int c = 0; c < 3; c++)
                    pixels[(x * image.Height + y) * 3 + c] = image.Pixels[(y * image.Width + x) * 3 + c];
        return new RgbImage(pixels, image.Width, image.Height);
    }
}
