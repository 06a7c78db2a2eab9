using R1Omni.Data;
using R1Omni.Media;

namespace R1Omni.Cli.Commands;

/// <summary>`r1omni validate`: checks a manifest before a run and prints what is wrong, with examples.</summary>
public sealed class ValidateCommand : ICommand
{
    public string Name => "validate";
    public string Summary => "check a manifest: missing, empty or (with --probe) unreadable videos, labels outside the label set, duplicate ids";
    public string Usage => """
        usage: environment/r1omni validate --manifest FILE [--labels dfew|mafw|ravdess|FILE] [--require-labels] [--probe] [--root DIR] [--examples N]
          --manifest FILE   a workbench manifest (.jsonl, see data/README.md)
          --labels SET      check every label against this set; without it, items from dfew, mafw and ravdess are
                            checked against their built-in sets and other sources are not checked
          --require-labels  unlabelled items are problems
          --probe           read every video's streams with ffprobe: a file that is not a readable container, or has no
                            video stream with frames, is a corrupt file (without it, only empty files are)
          --root DIR        resolve relative videos against DIR instead of the manifest's root
          --examples N      examples printed per kind of problem (default 5)
          Exit code 0 when every item is fine, 1 when any problem was found (or the manifest cannot be read).
        """;

    public int Run(CommandArgs args)
    {
        var output = args.Out;
        string path = args.Required("manifest");
        string? labels = args.Optional("labels");
        bool requireLabels = args.Flag("require-labels"), probe = args.Flag("probe");
        string? root = args.Optional("root");
        int examples = args.GetInt("examples", 5);
        args.EnsureAllUsed();

        var manifest = ManifestJsonl.Read(path, root);
        var options = new ValidationOptions { RequireLabels = requireLabels, MaxExamples = examples };
        if (probe) options = options with { Probe = MediaProbe.Streams };
        if (labels is not null) options = options with { Labels = LabelMap.Load(labels) };
        else
            options = options with
            {
                LabelsBySource = manifest.Items.Select(i => i.Source).Distinct().Where(LabelMap.BuiltInNames.Contains)
                    .ToDictionary(s => s, LabelMap.BuiltIn),
            };
        var report = ManifestValidator.Validate(manifest, options);
        output.WriteLine($"{path} (root {manifest.Root ?? "none"})");
        report.Write(output);
        return report.IsValid ? 0 : 1;
    }
}
