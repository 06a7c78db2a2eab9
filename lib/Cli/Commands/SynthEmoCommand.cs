using System.Diagnostics;
using System.Globalization;
using R1Omni.SynthEmo;

namespace R1Omni.Cli.Commands;

/// <summary>`r1omni synthemo`: generates the SynthEmo world (clips and manifests of every split) with progress output.</summary>
public sealed class SynthEmoCommand : ICommand
{
    public string Name => "synthemo";
    public string Summary => "generate the SynthEmo synthetic audio-visual emotion world (clips + R1-Omni manifests)";
    public string Usage => """
        usage: environment/r1omni synthemo [--out DIR] [--seed 0] [--per-class-cold 12] [--per-class-rl 40]
                                           [--per-class-test 20] [--per-class-ood 20] [--wrong-cue-rate 0.1]
                                           [--size 112] [--fps 10] [--seconds 2] [--sample-rate 16000] [--jobs N]
          Writes DIR/clips/<split>/<id>.mp4 for the splits cold_start, rl_train, test_id and test_ood, and per split
          DIR/<split>.json (R1-Omni conversation format) and DIR/<split>.jsonl (labels, cues, parameters).
          Clips already in DIR with the right content are reused. DIR defaults to cache/synthemo/<options-hash>/.
          --jobs: clips rendered in parallel (default: the number of cores); it does not change the output.
          The cue table is documented in data/synthemo/README.md.
        """;

    public int Run(CommandArgs args)
    {
        int size = args.GetInt("size", 112);
        var options = new SynthEmoOptions
        {
            Seed = args.GetInt("seed", 0),
            PerClassColdStart = args.GetInt("per-class-cold", 12),
            PerClassRl = args.GetInt("per-class-rl", 40),
            PerClassTest = args.GetInt("per-class-test", 20),
            PerClassOod = args.GetInt("per-class-ood", 20),
            WrongCueRate = GetDouble(args, "wrong-cue-rate", 0.1),
            Format = new ClipFormat(size, size, args.GetInt("fps", 10), GetDouble(args, "seconds", 2.0), args.GetInt("sample-rate", 16000)),
            MaxParallelism = args.GetInt("jobs", Environment.ProcessorCount),
        };
        string? outOption = args.Optional("out");
        args.EnsureAllUsed();
        options.Validate();
        string outDir = Path.GetFullPath(outOption ?? SynthEmoWorld.DefaultOutDir(options));
        args.Out.WriteLine($"synthemo    options {options.Hash}: seed {options.Seed}, per class cold/rl/test/ood " +
                          $"{options.PerClassColdStart}/{options.PerClassRl}/{options.PerClassTest}/{options.PerClassOod}, " +
                          $"wrong-cue rate {options.WrongCueRate}, {size}x{size} @ {options.Format.Fps} fps, {options.Format.Seconds} s, " +
                          $"{options.Format.SampleRate} Hz, {options.MaxParallelism} parallel");
        args.Out.WriteLine($"output      {outDir}");
        var watch = Stopwatch.StartNew();
        double lastReport = -1;
        var result = SynthEmoWorld.Generate(outDir, options, p =>
        {
            double now = watch.Elapsed.TotalSeconds;
            if (p.Done != p.Total && now - lastReport < 1.0) return;
            lastReport = now;
            args.Out.WriteLine($"clips       {p.Done}/{p.Total} ({p.Cached} cached) {now:F1} s");
        });
        int rendered = Math.Max(result.Rendered, 1);
        args.Out.WriteLine($"done        {result.Clips} clips, {result.Rendered} rendered, {result.Cached} reused in {result.Seconds:F1} s" +
                          (result.Rendered > 0 ? $" ({result.Seconds / rendered * 1000:F0} ms per rendered clip)" : ""));
        foreach (string manifest in result.Manifests) args.Out.WriteLine($"manifest    {manifest}");
        return 0;
    }

    static double GetDouble(CommandArgs args, string name, double fallback)
    {
        string? v = args.Optional(name);
        if (v is null) return fallback;
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double r)
            ? r
            : throw new UsageException($"synthemo: --{name} expects a number, got '{v}'");
    }
}
