namespace R1Omni.SynthEmo;

/// <summary>
/// How faces are drawn, independently of emotion. The test_ood split uses <see cref="OutOfDistribution"/> (a
/// different face shape, palette, line thickness and eye size), the RAVDESS analogue of SynthEmo.
/// </summary>
public sealed record FaceStyle(
    string Name,
    double ShapeExponent,
    double AspectMin,
    double AspectMax,
    double OutlineWidth,
    double LineScale,
    double EyeScale,
    IReadOnlyList<Rgb> SkinTones,
    bool BlendSkinTones,
    Rgb Feature,
    Rgb Sclera,
    Rgb MouthInside)
{
    /// <summary>Elliptic faces without outline, natural skin tones (blended along a light-to-dark scale), thin features.</summary>
    public static FaceStyle InDistribution { get; } = new(
        "in_distribution", ShapeExponent: 2.0, AspectMin: 0.74, AspectMax: 0.84, OutlineWidth: 0, LineScale: 1.0, EyeScale: 1.0,
        SkinTones: [new(241, 194, 167), new(224, 172, 135), new(198, 134, 98), new(161, 102, 70), new(112, 72, 50)],
        BlendSkinTones: true,
        Feature: new(55, 38, 32), Sclera: new(242, 240, 232), MouthInside: new(95, 30, 35));

    /// <summary>Rounded-square cartoon faces with a thick outline, pastel blue/green/violet skins, bold features, bigger eyes.</summary>
    public static FaceStyle OutOfDistribution { get; } = new(
        "out_of_distribution", ShapeExponent: 3.5, AspectMin: 0.9, AspectMax: 1.0, OutlineWidth: 0.07, LineScale: 1.7, EyeScale: 1.25,
        SkinTones: [new(150, 185, 235), new(150, 215, 175), new(195, 165, 230), new(140, 200, 215)],
        BlendSkinTones: false,
        Feature: new(25, 30, 75), Sclera: new(255, 255, 255), MouthInside: new(40, 15, 60));
}
