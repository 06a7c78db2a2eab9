namespace R1Omni.SynthEmo;

/// <summary>A colour with channels on the 0–255 scale, kept fractional until a pixel is written.</summary>
public readonly record struct Rgb(double R, double G, double B)
{
    public Rgb Lerp(Rgb to, double t) => new(R + (to.R - R) * t, G + (to.G - G) * t, B + (to.B - B) * t);

    public double DistanceTo(Rgb other) =>
        Math.Sqrt((R - other.R) * (R - other.R) + (G - other.G) * (G - other.G) + (B - other.B) * (B - other.B));

    /// <summary>Rounded to whole levels, so manifests state exactly the colour that was drawn.</summary>
    public Rgb Rounded() => new(Math.Round(R), Math.Round(G), Math.Round(B));
}
