using R1Omni.Presets;
using R1Omni.SynthEmo;

namespace R1Omni.Reproduce;

/// <summary>
/// Sizes of the miniature reproduction: the SynthEmo world, the model preset, and the training and evaluation
/// budgets of the four R1-Omni stages (base → cold-start SFT, label-only SFT, GRPO from the cold start).
/// </summary>
public sealed record ReproducePreset
{
    public required string Name { get; init; }
    public required SynthEmoOptions World { get; init; }
    /// <summary>The tiny preset, its weights drawn at <see cref="MiniatureInitializerRange"/>.</summary>
    public HumanOmniPreset Model { get; init; } = HumanOmniPreset.Tiny with { InitializerRange = MiniatureInitializerRange };

    /// <summary>
    /// HF's initializer_range 0.02 is sized for widths in the hundreds; at the tiny preset's widths (32–64) a random
    /// linear layer scales its input by about 0.02·√64 ≈ 0.16, and the projectors' media tokens reach the LLM at a quarter
    /// of the text embeddings' scale (rms 0.005 against 0.02). Drawn so, the model learns its answers from the text alone:
    /// after label SFT, giving a clip another clip's media leaves its label loss unchanged to 1e-3, although the frozen
    /// towers' pooled outputs separate the classes (nearest centroid on the pooled Whisper states: about 60%, chance 14%).
    /// At 0.2 the same label SFT fits the labels from the media, on held-out clips too (label loss 0.35 with the clip's own
    /// media, 0.87 with another's). The trainable parts need it together: the LLM alone or the projectors alone at 0.2,
    /// or everything at 0.1, still ignore the media; the frozen towers' range makes no difference.
    /// </summary>
    public const double MiniatureInitializerRange = 0.2;

    public int ColdStartSteps { get; init; }
    public int LabelSftSteps { get; init; }
    /// <summary>A randomly initialised miniature needs a far higher rate than the paper's fine-tuning of a pretrained model.</summary>
    public double SftLearningRate { get; init; } = 5e-3;
    public int SftBatchSize { get; init; } = 2;
    public int GrpoSteps { get; init; }
    public int GrpoPromptsPerStep { get; init; } = 2;
    public int NumGenerations { get; init; } = 8;
    public int MaxCompletionLength { get; init; } = 64;
    public double GrpoLearningRate { get; init; } = 1e-4;
    public int EvalMaxNewTokens { get; init; } = 64;
    public int EvalBatchSize { get; init; } = 4;

    static readonly ClipFormat SmallClips = new(Width: 64, Height: 64, Fps: 8, Seconds: 1.5);

    /// <summary>For CI: every stage runs end to end in a few minutes; the numbers are not meant to be meaningful.</summary>
    public static ReproducePreset Quick(int seed) => new()
    {
        Name = "quick",
        World = new SynthEmoOptions { Seed = seed, PerClassColdStart = 2, PerClassRl = 2, PerClassTest = 1, PerClassOod = 1, Format = SmallClips },
        ColdStartSteps = 30, LabelSftSteps = 20, GrpoSteps = 3, NumGenerations = 4, MaxCompletionLength = 48, EvalMaxNewTokens = 48,
    };

    /// <summary>The miniature paper table on a 2-core CPU.</summary>
    public static ReproducePreset Default(int seed) => new()
    {
        Name = "default",
        World = new SynthEmoOptions { Seed = seed, PerClassColdStart = 8, PerClassRl = 16, PerClassTest = 8, PerClassOod = 8, Format = SmallClips },
        ColdStartSteps = 200, LabelSftSteps = 150, GrpoSteps = 30,
        // SynthEmo rationales run to about 90 tokens; shorter limits truncate every answer away.
        MaxCompletionLength = 128, EvalMaxNewTokens = 128,
    };

    public static ReproducePreset Named(string name, int seed) => name switch
    {
        "quick" => Quick(seed),
        "default" => Default(seed),
        _ => throw new R1OmniException($"unknown reproduce preset '{name}' (expected quick or default)"),
    };
}
