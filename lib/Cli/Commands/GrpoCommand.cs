using System.Globalization;
using R1Omni.Training.Grpo;

namespace R1Omni.Cli.Commands;

/// <summary>`r1omni grpo`: R1-Omni's GRPO (RLVR) training from a JSON config.</summary>
public sealed class GrpoCommand : ICommand
{
    public string Name => "grpo";
    public string Summary => "GRPO (RLVR) training of a HumanOmni checkpoint with verifiable emotion rewards";
    public string Usage => """
        usage: environment/r1omni grpo --config FILE [--resume]
          FILE is a JSON object of settings over R1-Omni's defaults (see data/configs/grpo-synthemo.json); the required
          keys are output_dir, model (the cold-start checkpoint) and train_data (R1-Omni's RLVR JSON).
          Relative paths are relative to FILE. The run folder gets training_config.json, metrics.jsonl, tensorboard/,
          completions.jsonl and checkpoint-N/ folders (loadable by infer).
          --resume   continue the run in output_dir from its newest checkpoint
          Reward functions are listed by name under "rewards" (accuracy, format, accuracy_normalized, or any class
          implementing IRewardFunction).
        """;

    public int Run(CommandArgs args)
    {
        string path = args.Required("config");
        bool resume = args.Flag("resume");
        args.EnsureAllUsed();
        var config = GrpoConfig.Load(path);
        var last = GrpoTrainer.Run(config, resume, args.Error);
        args.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"grpo: {last.Step} steps in {config.OutputDir}; last step loss {last.Loss:0.0000}, reward {last.Extra?.GetValueOrDefault("reward"):0.000}"));
        return 0;
    }
}
