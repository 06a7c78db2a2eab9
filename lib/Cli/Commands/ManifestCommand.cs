using System.Globalization;
using R1Omni.Data;

namespace R1Omni.Cli.Commands;

/// <summary>`r1omni manifest`: turns an official dataset layout or an R1-Omni/EMER JSON into a workbench manifest.</summary>
public sealed class ManifestCommand : ICommand
{
    static readonly string[] Formats = ["dfew", "mafw", "ravdess", "conversation", "emer"];

    public string Name => "manifest";
    public string Summary => "build a manifest (.jsonl) from DFEW, MAFW, RAVDESS, R1-Omni conversation JSON or EMER JSON";
    public string Usage => $"""
        usage: environment/r1omni manifest --format FORMAT --root DIR --out FILE [options]
          --format dfew|mafw  --fold 1..5 --split train|test [--clip-layout T]
                   official single-label splits; default layouts: DFEW '{DfewSplit.DefaultClipLayout}', MAFW '{MafwSplit.DefaultClipLayout}'
          --format ravdess    [--actors 1,2,...] [--modality 1] [--vocal-channel 1]   scans DIR for MM-VV-EE-II-SS-RR-AA files
          --format conversation --json FILE [--source S] [--rlvr]   R1-Omni JSON; DIR is --data_folder
          --format emer       --json FILE [--source emer]           id/video/description/label JSON
          --name NAME         manifest name (default from the split or file)
        """;

    public int Run(CommandArgs args)
    {
        var output = args.Out;
        string format = args.Required("format");
        if (!Formats.Contains(format)) throw new UsageException($"manifest: --format must be one of {string.Join("|", Formats)}, got '{format}'");
        string root = args.Required("root"), outPath = args.Required("out");
        string? name = args.Optional("name");
        // Every option is read before any work, so a misspelled one fails before the dataset is scanned.
        Func<Manifest> build = format switch
        {
            "dfew" or "mafw" => OfficialSplit(args, format, root),
            "ravdess" => Ravdess(args, root),
            "conversation" => Conversation(args, root),
            _ => Emer(args, root),
        };
        args.EnsureAllUsed();
        var manifest = build();
        if (name is not null) manifest = new Manifest(name, manifest.Root, manifest.Items);
        ManifestJsonl.Write(manifest, outPath);
        output.WriteLine($"wrote {manifest.Count} items of '{manifest.Name}' to {outPath}");
        foreach (var g in manifest.Items.GroupBy(i => i.Label ?? "(no label)").OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine($"  {g.Key,-14} {g.Count()}");
        return 0;
    }

    static Func<Manifest> OfficialSplit(CommandArgs args, string format, string root)
    {
        int fold = args.GetInt("fold", 1);
        var split = args.Choice("split", "test", "train", "test") == "train" ? DatasetSplit.Train : DatasetSplit.Test;
        string? layout = args.Optional("clip-layout");
        return format == "dfew"
            ? () => DfewSplit.Read(root, fold, split, layout ?? DfewSplit.DefaultClipLayout)
            : () => MafwSplit.Read(root, fold, split, layout ?? MafwSplit.DefaultClipLayout);
    }

    static Func<Manifest> Ravdess(CommandArgs args, string root)
    {
        int modality = args.GetInt("modality", 1), vocalChannel = args.GetInt("vocal-channel", 1);
        var actors = Actors(args);
        return () => RavdessFiles.Scan(root, modality, vocalChannel, actors);
    }

    static Func<Manifest> Conversation(CommandArgs args, string root)
    {
        string json = args.Required("json");
        string? source = args.Optional("source");
        bool rlvr = args.Flag("rlvr");
        return () => ConversationJson.Read(json, root, source, rlvr);
    }

    static Func<Manifest> Emer(CommandArgs args, string root)
    {
        string json = args.Required("json"), source = args.Get("source", "emer");
        return () => EmerJson.Read(json, root, source);
    }

    static int[]? Actors(CommandArgs args)
    {
        string? list = args.Optional("actors");
        return list?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= 24 ? n
                : throw new UsageException($"manifest: --actors expects numbers 1..24 separated by commas, got '{a}'"))
            .ToArray();
    }
}
