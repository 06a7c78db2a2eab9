using R1Omni.Models.HumanOmni;

namespace R1Omni.Cli.Commands;

/// <summary>`r1omni check`: a downloaded checkpoint and its towers, checked without loading weights.</summary>
public sealed class CheckCommand : ICommand
{
    public string Name => "check";
    public string Summary => "check a downloaded checkpoint folder: configs, tower paths, every tensor's presence, shape and dtype";
    public string Usage => """
        usage: environment/r1omni check --model DIR [--vision-tower DIR] [--audio-tower DIR] [--bert DIR]
          Parses config.json, resolves mm_vision_tower / mm_audio_tower (or the overrides), builds the model's shapes
          from the configs without allocating weights, and compares them with the safetensors headers.
          Exit code 0 when everything the model needs is present with the right shape, 1 otherwise.
        """;

    public int Run(CommandArgs args)
    {
        string model = args.Required("model");
        var options = new HumanOmniLoadOptions { VisionTower = args.Optional("vision-tower"), AudioTower = args.Optional("audio-tower"), BertFolder = args.Optional("bert") };
        args.EnsureAllUsed();
        var report = CheckpointInspection.Inspect(model, options);
        foreach (string line in report.Lines) args.Out.WriteLine(line);
        foreach (string problem in report.Problems) args.Out.WriteLine($"PROBLEM     {problem}");
        args.Out.WriteLine(report.Ok ? "ok: the checkpoint matches its config" : $"{report.Problems.Count} problem(s)");
        return report.Ok ? 0 : 1;
    }
}
