using R1Omni.Runtime;

namespace R1Omni.SynthEmo;

/// <summary>
/// Rasterises the cartoon face of one clip into RGB24 frames: a superellipse head (optionally outlined) with
/// tinted skin, rosy cheeks, two eyes with pupils and lid lines, two brow bars and a mouth band whose midline bends
/// and whose opening shows the dark inside. Each pixel averages 2×2 samples; Gaussian pixel noise is added last.
/// Every frame depends only on the parameters and its index, so frames can be drawn in any order.
/// </summary>
public sealed class FaceRenderer(FaceParams face, FaceStyle style, ClipFormat format)
{
    // Face-relative layout, in units of the vertical radius: eye row, eye spacing (of the horizontal radius), mouth row.
    const double EyeRow = -0.10, EyeSpacing = 0.36, EyeHalfWidth = 0.17, PupilRadius = 0.075;
    const double BrowInner = 0.16, BrowOuter = 0.56, BrowHalfThickness = 0.045;
    const double MouthRow = 0.48, LipHalfThickness = 0.028, LashHalfThickness = 0.022;
    const double CheekRow = 0.22, CheekSpacing = 0.5, CheekRadius = 0.16;
    static readonly Rgb Rosy = new(235, 95, 110), Flush = new(215, 55, 45), Pallor = new(228, 232, 240);

    readonly Rgb _skin = face.Tint switch
    {
        FaceTint.Flushed => face.Skin.Lerp(Flush, face.TintStrength),
        FaceTint.Pale => face.Skin.Lerp(Pallor, face.TintStrength),
        _ => face.Skin,
    };

    public void Render(int frame, Span<byte> rgb)
    {
        if (rgb.Length != format.FrameBytes) throw new ArgumentException($"frame buffer holds {rgb.Length} bytes, expected {format.FrameBytes}", nameof(rgb));
        var noise = new SplitMix64(SplitMix64.Derive(face.RenderSeed, (ulong)frame));
        double ry = face.Radius * format.Height, rx = face.Aspect * ry;
        var (dx, dy) = HeadOffset(frame, noise);
        var pose = new Pose(face.CenterX * format.Width + dx * ry, face.CenterY * format.Height + dy * ry, rx, ry);
        double margin = 1.1;
        for (int y = 0; y < format.Height; y++)
        {
            for (int x = 0; x < format.Width; x++)
            {
                Rgb c;
                if (Math.Abs(x + 0.5 - pose.Cx) > rx * margin + 1 || Math.Abs(y + 0.5 - pose.Cy) > ry * margin + 1) c = face.Background;
                else
                {
                    double r = 0, g = 0, b = 0;
                    for (int s = 0; s < 4; s++)
                    {
                        Rgb sample = Shade(x + 0.25 + 0.5 * (s & 1), y + 0.25 + 0.5 * (s >> 1), pose);
                        r += sample.R; g += sample.G; b += sample.B;
                    }
                    c = new Rgb(r / 4, g / 4, b / 4);
                }
                int o = (y * format.Width + x) * 3;
                rgb[o] = ToByte(c.R + face.Noise * noise.Gaussian());
                rgb[o + 1] = ToByte(c.G + face.Noise * noise.Gaussian());
                rgb[o + 2] = ToByte(c.B + face.Noise * noise.Gaussian());
            }
        }
    }

    /// <summary>Head displacement at a frame, in units of the vertical radius.</summary>
    (double Dx, double Dy) HeadOffset(int frame, SplitMix64 noise)
    {
        double t = (double)frame / format.Fps, a = face.MotionAmplitude;
        double wave = Math.Sin(2 * Math.PI * face.MotionFrequency * t + face.MotionPhase);
        return face.Motion switch
        {
            HeadMotion.Still => (a * wave, 0.5 * a * Math.Cos(2 * Math.PI * face.MotionFrequency * t + face.MotionPhase)),
            HeadMotion.Nod => (0, a * wave),
            HeadMotion.Shake => (a * wave, 0),
            HeadMotion.Tremble => (a * Math.Clamp(noise.Gaussian(), -2.5, 2.5), a * Math.Clamp(noise.Gaussian(), -2.5, 2.5)),
            HeadMotion.Droop => (0, a * t / format.Seconds + 0.02 * wave),
            _ => (0, -a * SmoothStep((t / format.Seconds - face.MotionPhase) / 0.08)),
        };
    }

    readonly record struct Pose(double Cx, double Cy, double Rx, double Ry);

    Rgb Shade(double x, double y, Pose p)
    {
        double u = (x - p.Cx) / p.Rx, v = (y - p.Cy) / p.Ry;
        double e = style.ShapeExponent;
        double d = Math.Pow(Math.Abs(u), e) + Math.Pow(Math.Abs(v), e);
        if (d > 1) return face.Background;
        if (style.OutlineWidth > 0 && d > Math.Pow(1 - style.OutlineWidth, e)) return style.Feature;

        // Offsets in pixels from the face centre.
        double px = x - p.Cx, py = y - p.Cy, line = style.LineScale;
        Rgb skin = _skin;
        if (face.Tint == FaceTint.Rosy)
        {
            double cheek = Math.Sqrt(Sq(Math.Abs(px) - CheekSpacing * p.Rx) + Sq(py - CheekRow * p.Ry)) / (CheekRadius * p.Ry);
            if (cheek < 1) skin = skin.Lerp(Rosy, face.TintStrength * (1 - cheek));
        }

        // Eyes: sclera ellipse with a pupil, ringed by a lash line whose weight grows with line thickness.
        double eyeW = EyeHalfWidth * p.Ry * style.EyeScale, eyeH = face.EyeOpen * p.Ry * style.EyeScale;
        double ex = Math.Abs(px) - EyeSpacing * p.Rx, ey = py - EyeRow * p.Ry;
        double inEye = Sq(ex / eyeW) + Sq(ey / eyeH);
        if (inEye <= 1)
        {
            double pupil = Math.Min(PupilRadius * p.Ry * style.EyeScale, eyeH);
            return Sq(ex) + Sq(ey - face.Gaze * eyeH) <= Sq(pupil) ? style.Feature : style.Sclera;
        }
        double lash = LashHalfThickness * p.Ry * line;
        if (Sq(ex / (eyeW + lash)) + Sq(ey / (eyeH + lash)) <= 1) return style.Feature;

        // Brows: bars from the inner to the outer end; a positive tilt lowers the inner end.
        double browBase = (EyeRow - face.BrowHeight) * p.Ry;
        double ix = BrowInner * p.Rx, iy = browBase + face.BrowTilt * p.Ry;
        double ox = BrowOuter * p.Rx, oy = browBase - 0.3 * face.BrowTilt * p.Ry;
        if (SegmentDistance(Math.Abs(px), py, ix, iy, ox, oy) <= BrowHalfThickness * p.Ry * line) return style.Feature;

        // Mouth: a band around a parabolic midline (positive bend lowers the corners), open by a half-ellipse.
        double halfWidth = face.MouthWidth * p.Rx, my = py - MouthRow * p.Ry;
        if (Math.Abs(px) <= halfWidth)
        {
            double q = px / halfWidth;
            double mid = face.MouthBend * p.Ry * q * q;
            double open = face.MouthOpen * p.Ry * Math.Sqrt(1 - q * q);
            double lip = LipHalfThickness * p.Ry * line;
            double off = Math.Abs(my - mid);
            if (off <= open - lip) return style.MouthInside;
            if (off <= open + lip) return style.Feature;
        }
        return skin;
    }

    static double SegmentDistance(double x, double y, double ax, double ay, double bx, double by)
    {
        double vx = bx - ax, vy = by - ay;
        double t = Math.Clamp(((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy), 0, 1);
        return Math.Sqrt(Sq(x - ax - t * vx) + Sq(y - ay - t * vy));
    }

    static double SmoothStep(double x)
    {
        double c = Math.Clamp(x, 0, 1);
        return c * c * (3 - 2 * c);
    }

    static double Sq(double x) => x * x;

    static byte ToByte(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);
}
