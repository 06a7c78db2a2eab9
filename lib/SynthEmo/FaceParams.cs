using R1Omni.Runtime;

namespace R1Omni.SynthEmo;

/// <summary>
/// The numbers one clip's face is drawn from. Lengths are in units of the face's vertical radius (horizontal
/// mouth width in units of the horizontal radius); the centre and radius are fractions of the frame. Values are
/// rounded when sampled, so a manifest holds exactly what was drawn.
/// </summary>
public sealed record FaceParams(
    double CenterX, double CenterY, double Radius, double Aspect,
    Rgb Skin, Rgb Background,
    double BrowHeight, double BrowTilt,
    double EyeOpen, double Gaze,
    double MouthWidth, double MouthBend, double MouthOpen,
    HeadMotion Motion, double MotionAmplitude, double MotionFrequency, double MotionPhase,
    FaceTint Tint, double TintStrength,
    double Noise,
    ulong RenderSeed)
{
    /// <summary>
    /// Draws a face for the given cue levels: each expression parameter moves from its relaxed value towards the
    /// level's value by a per-clip intensity in [0.65, 1], plus small jitter; position, size, skin tone, background
    /// and pixel noise are nuisance factors.
    /// </summary>
    public static FaceParams Sample(FaceCues cues, FaceStyle style, SplitMix64 rng)
    {
        double k = rng.Uniform(0.65, 1.0);
        double Toward(double relaxed, double level, double jitter) => R(relaxed + k * (level - relaxed) + jitter * rng.Gaussian());

        var (browHeight, browTilt) = cues.Brows switch
        {
            BrowPose.Relaxed => (0.24, 0.0),
            BrowPose.Raised => (0.38, 0.0),
            BrowPose.Furrowed => (0.17, 0.10),
            _ => (0.27, -0.10),
        };
        double eyeOpen = cues.Eyes switch
        {
            EyeState.Normal => 0.085,
            EyeState.Wide => 0.15,
            EyeState.Narrowed => 0.035,
            _ => 0.05,
        };
        var (mouthWidth, mouthBend, mouthOpen) = cues.Mouth switch
        {
            MouthShape.Neutral => (0.30, 0.0, 0.0),
            MouthShape.Smile => (0.42, -0.14, 0.035),
            MouthShape.Frown => (0.30, 0.12, 0.0),
            MouthShape.OpenRound => (0.17, 0.0, 0.15),
            MouthShape.Stretched => (0.44, 0.05, 0.09),
            _ => (0.22, 0.05, 0.0),
        };
        var (amplitude, frequency, phase) = cues.Head switch
        {
            HeadMotion.Still => (rng.Uniform(0.005, 0.015), rng.Uniform(0.2, 0.5), rng.Uniform(0, 2 * Math.PI)),
            HeadMotion.Nod => (rng.Uniform(0.10, 0.16), rng.Uniform(1.4, 2.4), rng.Uniform(0, 2 * Math.PI)),
            HeadMotion.Shake => (rng.Uniform(0.10, 0.16), rng.Uniform(1.6, 2.6), rng.Uniform(0, 2 * Math.PI)),
            HeadMotion.Tremble => (rng.Uniform(0.03, 0.05), 0.0, 0.0),
            HeadMotion.Droop => (rng.Uniform(0.15, 0.22), rng.Uniform(0.3, 0.6), rng.Uniform(0, 2 * Math.PI)),
            // Recoil: the phase is the onset as a fraction of the clip.
            _ => (rng.Uniform(0.12, 0.18), 0.0, rng.Uniform(0.2, 0.5)),
        };
        double tintStrength = cues.Tint switch
        {
            FaceTint.None => 0.0,
            FaceTint.Rosy => 0.55,
            FaceTint.Flushed => 0.32,
            _ => 0.4,
        } * k;

        Rgb skin = SkinTone(style, rng);
        Rgb background;
        int attempts = 0;
        do background = new Rgb(rng.Uniform(40, 200), rng.Uniform(40, 200), rng.Uniform(40, 200)).Rounded();
        while (background.DistanceTo(skin) < 90 && ++attempts < 64);

        return new FaceParams(
            CenterX: R(0.5 + rng.Uniform(-0.06, 0.06)), CenterY: R(0.5 + rng.Uniform(-0.06, 0.06)),
            Radius: R(rng.Uniform(0.28, 0.34)), Aspect: R(rng.Uniform(style.AspectMin, style.AspectMax)),
            Skin: skin, Background: background,
            BrowHeight: Toward(0.24, browHeight, 0.01), BrowTilt: Toward(0, browTilt, 0.01),
            EyeOpen: Math.Max(0.02, Toward(0.085, eyeOpen, 0.005)), Gaze: R(cues.Eyes == EyeState.Drooping ? rng.Uniform(0.4, 0.6) : rng.Uniform(-0.1, 0.1)),
            MouthWidth: Toward(0.30, mouthWidth, 0.01), MouthBend: Toward(0, mouthBend, 0.008), MouthOpen: Math.Max(0, Toward(0, mouthOpen, 0.004)),
            Motion: cues.Head, MotionAmplitude: R(amplitude), MotionFrequency: R(frequency), MotionPhase: R(phase),
            Tint: cues.Tint, TintStrength: R(tintStrength),
            Noise: R(rng.Uniform(1.5, 5.0)),
            RenderSeed: rng.NextULong());
    }

    static Rgb SkinTone(FaceStyle style, SplitMix64 rng)
    {
        var tones = style.SkinTones;
        Rgb tone;
        if (style.BlendSkinTones)
        {
            double position = rng.Uniform(0, tones.Count - 1);
            int i = Math.Min((int)position, tones.Count - 2);
            tone = tones[i].Lerp(tones[i + 1], position - i);
        }
        else tone = tones[rng.NextInt(tones.Count)];
        return new Rgb(tone.R + rng.Uniform(-8, 8), tone.G + rng.Uniform(-8, 8), tone.B + rng.Uniform(-8, 8)).Rounded();
    }

    static double R(double x) => Math.Round(x, 4);
}
