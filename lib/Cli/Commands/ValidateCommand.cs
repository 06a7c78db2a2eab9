using R1Omni.Data;

namespace R1Omni.Cli.Commands;

/// <summary>`r1omni validate`: checks a manifest before a run and prints what is wrong, with examples.</summary>
public sealed class ValidateCommand : ICommand
{
    public string Name => "validate";
    public string Summary => "check a manifest: missing or empty videos, labels outside the label set, duplicate ids";
    public string Usage => """
        usage: environment/r1omni validate --manifest FILE [--labels dfew|mafw|ravdess|FILE] [--require-labels] [--root DIR] [--examples N]
          --manifest FILE   a workbench manifest (.jsonl, see data/README.md)
          --labels SET      check every label against this set; without it, items from dfew, mafw and ravdess are
                            checked against their built-in sets and other sources are not checked
          --require-labels  unlabelled items are problems
          --root DIR        resolve relative videos against DIR instead of the manifest's root
          --examples N      examples printed per kind of problem (default 5)
          Exit code 0 when every item is fine, 1 when any problem was found (or the manifest cannot be read).
        """;

    public int Run(CommandArgs args)
    {
        var output = args.Out;
        string path = args.Required("manifest");
        string? labels = args.Optional("labels");
        bool requireLabels = args.Flag("require-labels");
        string? root = args.Optional("root");
        int examples = args.GetInt("examples", 5);
        args.EnsureAllUsed();

        var manifest = ManifestJsonl.Read(path, root);
        var options = new ValidationOptions { RequireLabels = requireLabels, MaxExamples = examples };
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
