using R1Omni.Training;
using R1Omni.Training.Sft;

namespace R1Omni.Cli.Commands;

/// <summary>`r1omni sft`: cold-start (or label-only) supervised fine-tuning of a HumanOmni checkpoint from a JSON config.</summary>
public sealed class SftCommand : ICommand
{
    public string Name => "sft";
    public string Summary => "supervised fine-tuning (cold start or label-only) of a HumanOmni checkpoint from a JSON config";
    public string Usage => """
        usage: environment/r1omni sft --config FILE [--resume]
          FILE is a JSON object (comments allowed; relative paths are relative to FILE's folder). Required keys:
            model        the checkpoint folder to start from (released layout)
            train_data   R1-Omni conversation JSON (.json, videos relative to data_folder or the JSON's folder)
                         or a workbench manifest (.jsonl) whose items carry conversations
            output_dir   the run folder: training_config.json, metrics.jsonl, tensorboard/, checkpoint-N/
          Defaults are the cold-start settings (HumanOmni's finetune_omni_emer.sh): num_train_epochs 5,
          per_device_train_batch_size 2, gradient_accumulation_steps 8 (global batch 16), learning_rate 2e-5,
          lr_scheduler_type cosine (linear | constant | constant_with_warmup), warmup_ratio 0.03, max_grad_norm 1.0,
          AdamW β 0.9/0.999, ε 1e-8, weight_decay 0, seed 42, save_steps 500, save_total_limit 2, model_max_length 2048,
          trainable_parts ["mm_projector","audio_projector","llm","bert_gate"] (also: "bert_model"), dtype fp32 | bf16,
          device cpu | cuda, logging_steps 1, on_non_finite skip | abort, cache_features true. See data/configs/.
          --resume   continue from the newest complete checkpoint-N/ in output_dir (a fresh start if there is none)
        Each checkpoint-N/ loads with `r1omni infer --model`.
        """;

    public int Run(CommandArgs args)
    {
        string configPath = args.Required("config");
        bool resume = args.Flag("resume");
        args.EnsureAllUsed();
        var config = ConfigFile.Load(configPath, SftConfig.ColdStart);
        var result = SftTrainer.Run(config, resume, args.Error);
        args.Out.WriteLine($"{result.Steps}/{result.TotalSteps} steps; last checkpoint: {result.LastCheckpoint ?? "(none)"}");
        return 0;
    }
}
