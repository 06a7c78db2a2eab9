using R1Omni.Checkpoints;
using R1Omni.Config;
using R1Omni.Dump;
using R1Omni.Runtime;
using static TorchSharp.torch;

namespace R1Omni.Cli.Commands;

/// <summary>`r1omni dump`: runs a model folder on named input tensors and writes named outputs (parity with Python).</summary>
public sealed class DumpCommand : ICommand
{
    public string Name => "dump";
    public string Summary => "run a model folder on tensors from a safetensors file and write named outputs";
    public string Usage => $"""
        usage: environment/r1omni dump --model DIR --inputs FILE --out FILE [--dtype fp32|bf16] [--device cpu|cuda]
          The model kind is chosen by DIR/config.json's model_type. Inputs and outputs are safetensors files.
        {string.Join("\n", DumpTargets.All.Select(t => $"  {string.Join("/", t.ModelTypes)}: {string.Join(", ", t.Inputs.Select(kv => $"{kv.Key} {kv.Value}"))} → {string.Join(", ", t.Outputs)}"))}
        """;

    public int Run(CommandArgs args)
    {
        string modelDir = args.Required("model"), inputsPath = args.Required("inputs"), outPath = args.Required("out");
        string dtypeName = args.Choice("dtype", "fp32", ComputeDtype.Names);
        string deviceName = args.Get("device", "cpu");
        args.EnsureAllUsed();
        var device = TorchRuntime.ParseDevice(deviceName);
        var dtype = ComputeDtype.Parse(dtypeName, device);
        var target = DumpTargets.For(ModelConfig.ReadModelType(modelDir), Path.Combine(modelDir, "config.json"));
        using var scope = NewDisposeScope();
        var inputs = new Dictionary<string, Tensor>();
        using (var file = SafetensorsFile.Open(inputsPath))
            foreach (var name in file.Tensors.Keys) inputs[name] = file.Load(name);
        var outputs = target.Run(modelDir, new DumpInputs(inputsPath, inputs), dtype, device);
        SafetensorsWriter.Save(outPath, outputs.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        foreach (var (name, t) in outputs.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            Console.WriteLine($"{name,-24} {t.dtype,-9} [{string.Join(", ", t.shape)}]");
        Console.WriteLine($"wrote {outPath}");
        return 0;
    }
}
