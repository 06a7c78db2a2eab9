using R1Omni.Checkpoints;
using R1Omni.Cli;
using static TorchSharp.torch;

namespace R1Omni.Tests.Models;

/// <summary>Reading tests/fixtures/parity cases, comparing against them, running `dump` and rewriting checkpoints.</summary>
public static class ParityFixtures
{
    public static string Case(params string[] parts) => TestPaths.Fixture(["parity", .. parts]);

    public static Tensor Read(string file, string name)
    {
        using var f = SafetensorsFile.Open(file);
        return f.Load(name);
    }

    /// <summary>max |got − expected| after checking the shapes agree (got may be in any float dtype).</summary>
    public static double MaxAbsDiff(Tensor got, Tensor expected)
    {
        Assert.Equal(expected.shape, got.shape);
        using var diff = (got.to(ScalarType.Float32) - expected).abs();
        return diff.max().item<float>();
    }

    /// <summary>Runs `dump` and returns (exit code, stderr, output file).</summary>
    public static (int Rc, string Stderr, string OutFile) RunDump(string modelDir, string inputsFile, params string[] options)
    {
        string outFile = Path.Combine(TestPaths.NewTempDir(), "out.safetensors");
        var stderr = new StringWriter();
        int rc = CommandRegistry.Main(["dump", "--model", modelDir, "--inputs", inputsFile, "--out", outFile, .. options], new StringWriter(), stderr);
        return (rc, stderr.ToString(), outFile);
    }

    /// <summary>
    /// A copy of a model folder (config.json) whose checkpoint holds the original tensors under new names
    /// (<paramref name="rename"/> returns null to drop one), plus any <paramref name="extra"/> tensors.
    /// </summary>
    public static string CopyWithKeys(string modelDir, Func<string, string?> rename, params (string Key, Tensor Value)[] extra)
    {
        string dir = TestPaths.NewTempDir();
        File.Copy(Path.Combine(modelDir, "config.json"), Path.Combine(dir, "config.json"));
        using var scope = NewDisposeScope();
        using var file = SafetensorsFile.Open(Path.Combine(modelDir, "model.safetensors"));
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (string key in file.Tensors.Keys)
            if (rename(key) is string name) tensors.Add(new(name, file.Load(key)));
        tensors.AddRange(extra.Select(e => new KeyValuePair<string, Tensor>(e.Key, e.Value)));
        SafetensorsWriter.Save(Path.Combine(dir, "model.safetensors"), tensors);
        return dir;
    }

    /// <summary>Writes tensors to a fresh safetensors file (e.g. dump inputs) and returns its path.</summary>
    public static string WriteTensors(params (string Key, Tensor Value)[] tensors)
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "inputs.safetensors");
        SafetensorsWriter.Save(path, tensors.Select(t => new KeyValuePair<string, Tensor>(t.Key, t.Value)));
        return path;
    }
}
