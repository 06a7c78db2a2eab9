using System.Globalization;
using System.Text.RegularExpressions;
using R1Omni.Presets;
using R1Omni.SynthEmo;

namespace R1Omni.Reproduce;

/// <summary>
/// Sizes of the miniature reproduction: the SynthEmo world, the model preset, and the budgets of R1-Omni's stages in
/// the paper's curriculum — the HumanOmni-0.5B analogue pretrained from scratch on instruction data, cold-start SFT
/// (EMER-SFT) and label-only SFT (MAFW-DFEW-SFT) from it, GRPO (R1-Omni) from the cold start — given in epochs as the
/// paper's scripts give them.
/// </summary>
public sealed record ReproducePreset
{
    public required string Name { get; init; }
    public required SynthEmoOptions World { get; init; }

    /// <summary>
    /// The tiny widths drawn at <see cref="MiniatureInitializerRange"/>, Whisper reading 3 s (the clips are 1.5 s; 30 s
    /// of mostly silence would make 500 of the prompt's audio tokens padding), and the vocabulary cut down to SynthEmo's
    /// texts (<see cref="SynthEmoText.Corpus"/>), so the LM head is a few hundred rows wide instead of 151,936.
    /// </summary>
    public HumanOmniPreset Model { get; init; } = HumanOmniPreset.Tiny with
    {
        InitializerRange = MiniatureInitializerRange, AudioSeconds = 3, VocabularyCorpus = SynthEmoText.Corpus(),
    };

    /// <summary>
    /// HF's initializer_range 0.02 is sized for widths in the hundreds; at the tiny preset's widths (32–64) a random
    /// linear layer scales its input by about 0.02·√64 ≈ 0.16, and the projectors' media tokens reach the LLM at a quarter
    /// of the text embeddings' scale. Drawn so, a model trained from scratch learns its answers from the text alone
    /// (measured: after label SFT, another clip's media left the label loss unchanged to 1e-3, although the frozen towers'
    /// pooled outputs separate the classes); at 0.2 it learns them from the media.
    /// </summary>
    public const double MiniatureInitializerRange = 0.2;

    /// <summary>The HumanOmni-0.5B analogue: instruction SFT of the random model on the pretrain split.</summary>
    public required StageBudget Pretrain { get; init; }
    /// <summary>
    /// The share of pretraining conversations rendered as the GRPO stage's are (Qwen2-VL template, a video item; see
    /// <c>SftConfig.Qwen2VlShare</c>): HumanOmni's LLM is a pretrained Qwen2.5 that reads either chat format, while a
    /// model trained from scratch reads only what it saw — without it the cold start answers the GRPO prompt in
    /// fragments (measured on the sweep seed: 14 % of greedy answers in the format against 84 % with its own prompt).
    /// </summary>
    public double PretrainQwen2VlShare { get; init; } = 0.5;
    /// <summary>
    /// The share of cold-start conversations rendered as GRPO's are, for the same reason as <see cref="PretrainQwen2VlShare"/>
    /// (measured on the sweep seed: without it 0.4 % of the probe's samples at temperature 1 had the think/answer format
    /// before GRPO and its rewards stayed near zero; with it 46 %).
    /// </summary>
    public double ColdStartQwen2VlShare { get; init; }
    /// <summary>EMER-SFT: 5 epochs over the small rationale split at global batch 16 in the paper.</summary>
    public required StageBudget ColdStart { get; init; }
    /// <summary>MAFW-DFEW-SFT: 1 epoch over the RL split's labels in the paper.</summary>
    public required StageBudget LabelSft { get; init; }
    /// <summary>R1-Omni: 2 epochs over the RL split at 16 prompts × 8 completions per step in the paper.</summary>
    public required StageBudget Grpo { get; init; }
    public int NumGenerations { get; init; } = 8;
    /// <summary>
    /// GRPO's completion limit, above the length of the answers the cold start is taught (336–409 characters, some 150–190
    /// tokens; a limit of 160 ended greedy answers at character 349, at "&lt;answer&gt;", 12 % of them on the sweep seed's
    /// test_id). Measured on the sweep seed's GRPO run: 160 truncated 8.5 % of the rollouts, 256 truncated 3.5 % — the rest
    /// are samples that ramble without ending.
    /// </summary>
    public int MaxCompletionLength { get; init; } = 256;
    /// <summary>Probe the policy after every this many GRPO steps.</summary>
    public int ProbeSteps { get; init; } = 1;
    /// <summary>The greedy evaluation's limit, GRPO's (see <see cref="MaxCompletionLength"/>).</summary>
    public int EvalMaxNewTokens { get; init; } = 256;
    public int EvalBatchSize { get; init; } = 32;

    static readonly ClipFormat SmallClips = new(Width: 64, Height: 64, Fps: 8, Seconds: 1.5);

    /// <summary>For CI: every stage runs end to end in a few minutes; the numbers are not meant to be meaningful.</summary>
    public static ReproducePreset Quick(int seed) => new()
    {
        Name = "quick",
        World = new SynthEmoOptions
        {
            Seed = seed, PerClassPretrain = 2, PerClassColdStart = 2, PerClassRl = 2, PerClassTest = 1, PerClassOod = 1, PerClassProbe = 1,
            Format = SmallClips,
        },
        Pretrain = new(Epochs: 1, BatchSize: 4, LearningRate: 5e-3),
        ColdStart = new(Epochs: 1, BatchSize: 2, LearningRate: 2e-3),
        LabelSft = new(Epochs: 1, BatchSize: 2, LearningRate: 2e-3),
        Grpo = new(Epochs: 1, BatchSize: 7, LearningRate: 1e-4),
        NumGenerations = 4, MaxCompletionLength = 48, EvalMaxNewTokens = 48, EvalBatchSize = 8,
    };

    /// <summary>
    /// GRPO's peak learning rate in the default preset, chosen on the sweep seed (100, not reported) from 1e-4, 3e-4 and
    /// 1e-3 at 256 completion tokens by greedy test_id UAR on GRPO's prompt: 43.5, 54.2, 52.4 (truncated rollouts 3.5 %,
    /// 3.9 %, 7.3 %). At all three the rollouts' accuracy among answers stayed near its start (0.47): RL learned to answer
    /// more often, not more correctly.
    /// </summary>
    public const double GrpoLearningRate = 3e-4;

    /// <summary>
    /// Label-only SFT's peak learning rate in the default preset (1 epoch, batch 8), chosen on the sweep seed (100, not
    /// reported) from 5e-4, 1e-3, 2e-3 and 5e-3 by greedy test_id UAR on the evaluation question: 58.9, 64.3, 61.3, 60.1.
    /// The spread is within one number's sampling noise (about ±3.7 points), so the choice matters little there.
    /// </summary>
    public const double LabelSftLearningRate = 1e-3;

    /// <summary>
    /// The miniature paper table on a 2-core CPU. The RL split (64 clips per class, 448 clips, 56 GRPO steps) is 8× the
    /// cold start's 56 clips, against 26× in R1-Omni (15,306 MAFW + DFEW clips against EMER-SFT's 580): the largest the
    /// 20-minute budget allows. The price is the pretrain split, as many clips as the RL split (three instruction
    /// conversations each) rather than many times it. <c>default-rl16</c> keeps the pretrain split at 4× the RL split,
    /// with 14 GRPO steps.
    /// </summary>
    public static ReproducePreset Default(int seed) => new()
    {
        Name = "default",
        World = new SynthEmoOptions
        {
            Seed = seed, PerClassPretrain = 64, PerClassColdStart = 8, PerClassRl = 64, PerClassTest = 24, PerClassOod = 24, PerClassProbe = 4,
            Format = SmallClips,
        },
        Pretrain = new(Epochs: 3, BatchSize: 8, LearningRate: 5e-3),
        ColdStart = new(Epochs: 20, BatchSize: 8, LearningRate: 5e-3),
        LabelSft = new(Epochs: 1, BatchSize: 8, LearningRate: LabelSftLearningRate),
        Grpo = new(Epochs: 2, BatchSize: 16, LearningRate: GrpoLearningRate),
        ColdStartQwen2VlShare = 0.5,
        ProbeSteps = 4,   // 56 GRPO steps: 15 probe measurements, 3 in each fifth
    };

    /// <summary>
    /// The preset with <paramref name="perClass"/> rl_train clips per class instead of its own, everything else unchanged:
    /// the other splits are drawn from their own streams, so the base, the cold start and the test splits stay as they
    /// are, while label-only SFT (1 epoch) and GRPO (2 epochs) take proportionally more steps. The probe is measured
    /// proportionally less often, so GRPO's first and last fifths average as many measurements as at the preset's own
    /// split. Named <c>NAME-rlN</c>, so its run folders are its own. How far the RL split's size is from the paper's
    /// proportions (R1-Omni: 15,306 MAFW + DFEW clips for RL against the cold start's 580) is what this measures.
    /// </summary>
    public ReproducePreset WithRlPerClass(int perClass)
    {
        if (perClass < 1 || perClass > 100_000) throw new R1OmniException($"rl_train clips per class must be between 1 and 100000, got {perClass}");
        if (perClass == World.PerClassRl) return this;
        return this with
        {
            Name = $"{Name}-rl{perClass}",
            World = World with { PerClassRl = perClass },
            ProbeSteps = Math.Max(1, (int)Math.Round(ProbeSteps * perClass / (double)World.PerClassRl)),
        };
    }

    /// <summary>
    /// The preset with <paramref name="perClass"/> pretrain clips per class instead of its own (three instruction
    /// conversations each, the same epochs, so proportionally more steps), everything else unchanged: the other splits
    /// are drawn from their own streams and stay as they are, while the base, and so every stage after it, changes.
    /// Named <c>NAME-ptN</c>. How far the pretrain split is from "many times the RL split" is what this measures.
    /// </summary>
    public ReproducePreset WithPretrainPerClass(int perClass)
    {
        if (perClass < 1 || perClass > 100_000) throw new R1OmniException($"pretrain clips per class must be between 1 and 100000, got {perClass}");
        return perClass == World.PerClassPretrain ? this
            : this with { Name = $"{Name}-pt{perClass}", World = World with { PerClassPretrain = perClass } };
    }

    static readonly Regex NamePattern = new(@"^(quick|default)(?:-rl([0-9]+))?(?:-pt([0-9]+))?$", RegexOptions.CultureInvariant);

    /// <summary>A preset by name: <c>quick</c> or <c>default</c>, optionally followed by <c>-rlN</c>
    /// (<see cref="WithRlPerClass"/>) and then <c>-ptN</c> (<see cref="WithPretrainPerClass"/>).</summary>
    public static ReproducePreset Named(string name, int seed)
    {
        var match = NamePattern.Match(name);
        if (!match.Success)
            throw new R1OmniException($"unknown reproduce preset '{name}' (expected quick or default, optionally followed by -rlN for N rl_train " +
                                      "clips per class and then -ptN for N pretrain clips per class)");
        var preset = match.Groups[1].Value == "quick" ? Quick(seed) : Default(seed);
        if (match.Groups[2].Success) preset = preset.WithRlPerClass(Size(match.Groups[2].Value, "rl_train"));
        if (match.Groups[3].Success) preset = preset.WithPretrainPerClass(Size(match.Groups[3].Value, "pretrain"));
        return preset;

        static int Size(string digits, string split) => int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n
            : throw new R1OmniException($"{split} clips per class must be between 1 and 100000, got {digits}");
    }
}

/// <summary>A training stage's budget: epochs over its data, samples (SFT) or prompts (GRPO) per optimiser step, peak learning rate.</summary>
public sealed record StageBudget(int Epochs, int BatchSize, double LearningRate);
