using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace R1Omni.SynthEmo;

/// <summary>
/// Settings of a SynthEmo world. Clips per class and split (every split is class-balanced), the share of wrong cue
/// statements in cold-start rationales, the clip format and the seed determine the content; parallelism and the
/// ffmpeg executable do not, and are left out of <see cref="Hash"/>.
/// </summary>
public sealed record SynthEmoOptions
{
    public int Seed { get; init; }
    public int PerClassColdStart { get; init; } = 12;
    public int PerClassRl { get; init; } = 40;
    public int PerClassTest { get; init; } = 20;
    public int PerClassOod { get; init; } = 20;
    public int PerClassPretrain { get; init; }
    public int PerClassProbe { get; init; }
    public double WrongCueRate { get; init; } = 0.1;
    public ClipFormat Format { get; init; } = new();
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;
    public string Ffmpeg { get; init; } = "ffmpeg";

    public int PerClass(SynthEmoSplit split) => split.Index switch
    {
        0 => PerClassColdStart,
        1 => PerClassRl,
        2 => PerClassTest,
        3 => PerClassOod,
        4 => PerClassPretrain,
        _ => PerClassProbe,
    };

    public void Validate()
    {
        const string owner = "SynthEmo options";
        foreach (var split in SynthEmoSplit.All)
            if (PerClass(split) is < 0 or > 100_000)
                throw new R1OmniException($"{owner}: clips per class for {split.Name} must be between 0 and 100000, got {PerClass(split)}");
        if (!(WrongCueRate >= 0 && WrongCueRate <= 1))
            throw new R1OmniException($"{owner}: wrong-cue rate must be between 0 and 1, got {WrongCueRate}");
        if (MaxParallelism < 1) throw new R1OmniException($"{owner}: parallelism must be at least 1, got {MaxParallelism}");
        Format.Validate(owner);
    }

    /// <summary>Everything that determines the generated content, as the canonical JSON that <see cref="Hash"/> digests.</summary>
    public string ContentJson() => JsonSerializer.Serialize(new
    {
        generator = SynthEmoWorld.GeneratorVersion,
        seed = Seed,
        // The first four splits always, later ones when used, so worlds without them keep their hash.
        per_class = SynthEmoSplit.All.Where(s => s.Index < 4 || PerClass(s) > 0).ToDictionary(s => s.Name, PerClass),
        wrong_cue_rate = WrongCueRate,
        format = Format,
    }, SynthEmoJson.Compact);

    /// <summary>The first 16 hex digits of the SHA-256 of <see cref="ContentJson"/>: names the default cache folder.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ContentJson())))[..16];
}
