using System.Text.Json;
using R1Omni.Json;

namespace R1Omni.Media;

/// <summary>
/// The fields of an HF <c>SiglipImageProcessor</c> preprocessor_config.json that the pipeline uses. The defaults
/// are google/siglip-base-patch16-224's (and the class defaults): 224×224 bicubic, rescale 1/255, mean 0.5 and
/// std 0.5 per channel. Resize, rescale and normalise are always applied, as in every SigLIP checkpoint.
/// </summary>
public sealed record SiglipImageProcessorConfig(
    int Height = 224,
    int Width = 224,
    double RescaleFactor = 1 / 255.0,
    double[]? ImageMean = null,
    double[]? ImageStd = null)
{
    /// <summary>PIL's code for bicubic resampling, the only filter ported.</summary>
    public const int BicubicResample = 3;

    public double[] ImageMean { get; init; } = ImageMean ?? [0.5, 0.5, 0.5];
    public double[] ImageStd { get; init; } = ImageStd ?? [0.5, 0.5, 0.5];

    /// <summary>Reads a preprocessor_config.json; absent keys take SiglipImageProcessor's defaults.</summary>
    public static SiglipImageProcessorConfig Load(string path)
    {
        using var doc = JsonFile.Parse(path);
        var root = JsonFields.Expect(doc.RootElement, JsonValueKind.Object, path, what: "a JSON object of preprocessor settings");
        var defaults = new SiglipImageProcessorConfig();
        int height = defaults.Height, width = defaults.Width;
        if (root.TryGetProperty("size", out var size))
        {
            if (size.ValueKind != JsonValueKind.Object || !size.TryGetProperty("height", out _))
                throw new R1OmniException($"{path}: \"size\" must be an object with \"height\" and \"width\" " +
                                          $"(SigLIP resizes to a fixed size), got {size.GetRawText()}");
            height = JsonFields.RequiredInt(size, "height", path, "size.height");
            width = JsonFields.RequiredInt(size, "width", path, "size.width");
        }
        // Present keys are read as written (JSON null included, which is then an error); absent keys take the defaults.
        if (root.TryGetProperty("resample", out var r) && JsonFields.AsInt(r, path, "resample") is var resample
            && resample != BicubicResample)
            throw new R1OmniException($"{path}: \"resample\" is {resample}, but only {BicubicResample} (PIL bicubic) is supported");
        foreach (string step in new[] { "do_resize", "do_rescale", "do_normalize" })
            if (root.TryGetProperty(step, out var on) && !JsonFields.AsBool(on, path, step))
                throw new R1OmniException($"{path}: \"{step}\" is false, but the SigLIP pipeline always applies this step");

        var config = new SiglipImageProcessorConfig(
            height,
            width,
            root.TryGetProperty("rescale_factor", out var rescale) ? JsonFields.AsDouble(rescale, path, "rescale_factor") : defaults.RescaleFactor,
            root.TryGetProperty("image_mean", out var mean) ? PerChannel(mean, path, "image_mean") : defaults.ImageMean,
            root.TryGetProperty("image_std", out var std) ? PerChannel(std, path, "image_std") : defaults.ImageStd);
        config.Validate(path);
        return config;
    }

    /// <summary>A number or a list of 3 numbers (HF accepts both for image_mean / image_std), as 3 channel values.</summary>
    static double[] PerChannel(JsonElement value, string path, string key)
    {
        if (value.ValueKind == JsonValueKind.Number) return [value.GetDouble(), value.GetDouble(), value.GetDouble()];
        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 3 &&
            value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number))
            return [.. value.EnumerateArray().Select(v => v.GetDouble())];
        throw JsonFields.WrongType(path, key, "a number or a list of 3 numbers", value);
    }

    /// <summary>Checks the values; <paramref name="source"/> names where they came from in the error.</summary>
    public void Validate(string source = "image processor config")
    {
        if (Height < 1 || Width < 1)
            throw new R1OmniException($"{source}: \"size\" must be positive, got height {Height} × width {Width}");
        if (ImageMean.Length != 3 || ImageStd.Length != 3)
            throw new R1OmniException($"{source}: \"image_mean\" and \"image_std\" need 3 values (RGB), " +
                                      $"got {ImageMean.Length} and {ImageStd.Length}");
        if (ImageStd.Any(s => (float)s == 0))
            throw new R1OmniException($"{source}: \"image_std\" must not contain 0");
    }
}
