using R1Omni.Media;

namespace R1Omni.Charts;

/// <summary>PNG bytes that show as an image in a notebook (image/png, which every front-end and GitHub render).</summary>
[TypeFormatterSource(typeof(NotebookFormatterSource), PreferredMimeTypes = [NotebookMimeTypes.Png])]
public sealed class PngImage(byte[] bytes, int width, int height) : INotebookDisplay
{
    public byte[] Bytes { get; } = bytes;
    public int Width { get; } = width;
    public int Height { get; } = height;

    public static PngImage From(RgbImage image) => new(PngEncoder.Encode(image), image.Width, image.Height);

    public string Base64 => Convert.ToBase64String(Bytes);

    /// <summary>An img element with the image inline as a data URI.</summary>
    public string ImgTag() => $"<img src=\"data:image/png;base64,{Base64}\" width=\"{Width}\" height=\"{Height}\">";

    public void Save(string path) => File.WriteAllBytes(path, Bytes);

    public string? Render(string mimeType) => mimeType == NotebookMimeTypes.Png ? Base64 : null;

    public override string ToString() => $"PNG image {Width}×{Height} ({Bytes.Length} bytes)";
}
