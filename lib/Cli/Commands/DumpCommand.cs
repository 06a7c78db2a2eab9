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
        usage: environment/r1omni dump [--model DIR] --inputs FILE --out FILE [--dtype fp32|bf16] [--device cpu|cuda]
          The model kind is chosen by DIR/config.json's model_type; without --model, preprocessing only.
          Inputs and outputs are safetensors files.
        {string.Join("\n", DumpTargets.All.Select(t => Line(string.Join("/", t.ModelTypes), t.Inputs, t.Outputs)))}
        {Line("(no model)", PreprocessDump.Inputs, PreprocessDump.Outputs)}
        """;

    static string Line(string kind, IReadOnlyDictionary<string, string> inputs, IReadOnlyList<string> outputs) =>
        $"  {kind}: {string.Join(", ", inputs.Select(kv => $"{kv.Key} {kv.Value}"))} → {string.Join(", ", outputs)}";

    public int Run(CommandArgs args)
    {
        string? modelDir = args.Optional("model");
        string inputsPath = args.Required("inputs"), outPath = args.Required("out");
        string dtypeName = args.Choice("dtype", "fp32", ComputeDtype.Names);
        string deviceName = args.Get("device", "cpu");
        args.EnsureAllUsed();
        var device = TorchRuntime.ParseDevice(deviceName);
        var dtype = ComputeDtype.Parse(dtypeName, device);
        var target = modelDir is null ? null : DumpTargets.For(ModelConfig.ReadModelType(modelDir), Path.Combine(modelDir, "config.json"));
        using var scope = NewDisposeScope();
        var inputs = new Dictionary<string, Tensor>();
        using (var file = SafetensorsFile.Open(inputsPath))
            foreach (var name in file.Tensors.Keys) inputs[name] = file.Load(name);
        var dumpInputs = new DumpInputs(inputsPath, inputs);
        var outputs = target is null ? PreprocessDump.Run(dumpInputs) : target.Run(modelDir!, dumpInputs, dtype, device);
        SafetensorsWriter.Save(outPath, outputs.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        foreach (var (name, t) in outputs.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            args.Out.WriteLine($"{name,-24} {t.dtype,-9} [{string.Join(", ", t.shape)}]");
        args.Out.WriteLine($"wrote {outPath}");
        return 0;
    }
}
